package org.expressivity4j.datasets;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything needed to find, fetch and verify one dataset: its files (by content checksum), the folder names it may
 * sit under, the archives that may hold it, and where to download it.
 *
 * @param id           short name, also the cache sub-folder ({@code mnist}, {@code cifar10})
 * @param title        human-readable name
 * @param folders      sub-folders of a data root searched before the root itself, in order
 * @param files        the files that make up the dataset (all are required)
 * @param archives     names of archives accepted in place of the files (read directly, member by member)
 * @param downloads    what to fetch when the dataset is nowhere local; together they must yield every file
 * @param homepage     the publisher's page, where a person can get the files by hand
 * @param citation     how to cite the dataset
 */
public record DatasetSpec(String id, String title, List<String> folders, List<DataFile> files,
                          List<String> archives, List<Download> downloads, String homepage, String citation) {

    public DatasetSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        folders = List.copyOf(folders);
        files = List.copyOf(files);
        archives = List.copyOf(archives);
        downloads = List.copyOf(downloads);
        Objects.requireNonNull(homepage, "homepage");
        Objects.requireNonNull(citation, "citation");
    }

    /** The file of this name. */
    public Optional<DataFile> file(String name) {
        return files.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /** The file of this name, or an error naming the known files. */
    public DataFile requireFile(String name) {
        return file(name).orElseThrow(() -> new IllegalArgumentException(
                title + " has no file " + name + "; its files are " + files.stream().map(DataFile::name).toList()));
    }
}
