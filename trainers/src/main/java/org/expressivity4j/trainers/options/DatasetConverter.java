package org.expressivity4j.trainers.options;

import org.expressivity4j.datasets.Dataset;
import picocli.CommandLine;

/** Converts a {@code --dataset} value ({@code mnist}, {@code cifar10}) to a {@link Dataset}; unknown names are usage errors. */
public final class DatasetConverter implements CommandLine.ITypeConverter<Dataset> {

    @Override
    public Dataset convert(String value) {
        try {
            return Dataset.fromId(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
