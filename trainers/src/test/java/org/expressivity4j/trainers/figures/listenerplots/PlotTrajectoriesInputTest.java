package org.expressivity4j.trainers.figures.listenerplots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.expressivity4j.trainers.CliTest;
import org.expressivity4j.trainers.IsolatedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code plot-trajectories} on files it cannot plot: one line naming the file and why, exit 2, no run folder. */
@ExtendWith(IsolatedData.class)
class PlotTrajectoriesInputTest {

    private static final String HEADER = "iteration,epoch,layer,name,type,metric,value\n";

    @TempDir
    Path tmp;

    private CliTest.Outcome plot(Path csv) {
        return CliTest.run("plot-trajectories", "--csv", csv.toString(), "--out", tmp.resolve("run").toString());
    }

    private void assertRefused(CliTest.Outcome o, String start) {
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().startsWith("expressivity4j plot-trajectories: " + start), o.err());
        assertFalse(o.err().contains("\tat "), o.err());
        assertFalse(Files.exists(tmp.resolve("run")));
    }

    @Test
    void aCsvWhoseLengthsAreAllNaNSaysThereIsNothingToPlot() throws Exception {
        Path csv = Files.writeString(tmp.resolve("nan.csv"), HEADER + "0,0,0,input,Input,length,NaN\n"
                + "0,0,1,h1,DenseLayer,length,NaN\n0,0,1,h1,DenseLayer,sigma_w2,1.5\n"
                + "100,1,0,input,Input,length,Infinity\n");
        assertRefused(plot(csv), "--csv " + csv + ": none of its lengths is finite (4 records");
    }

    @Test
    void aFileThatIsNotTextIsNamed() throws Exception {
        Path bin = Files.write(tmp.resolve("model.zip"), new byte[] {'P', 'K', 3, 4, (byte) 0xff, (byte) 0xfe, 0, 1});
        assertRefused(plot(bin), "--csv " + bin + " is not a text file (UTF-8)");
    }

    @Test
    void aCsvOfAnotherKindIsNamed() throws Exception {
        Path other = Files.writeString(tmp.resolve("metrics.csv"), "step,layer,metric,value\n0,,loss,1\n");
        assertRefused(plot(other), "--csv: " + other + " does not start with the trajectory header");
        Path empty = Files.writeString(tmp.resolve("empty.csv"), HEADER);
        assertRefused(plot(empty), "--csv " + empty + " has no records");
    }
}
