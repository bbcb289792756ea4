package org.expressivity4j.dl4j.listeners;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.expressivity4j.core.trajectory.ArcLength;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

class ProbeTest {

    @Test
    void quarterCircleEndsAtItsEndpointsInTheNetworksShape() {
        INDArray x0 = Nd4j.rand(DataType.DOUBLE, 1, 2, 3, 3);
        INDArray x1 = Nd4j.rand(DataType.DOUBLE, 1, 2, 3, 3);
        Probe probe = Probe.quarterCircle(x0, x1);
        INDArray points = probe.points(9, DataType.FLOAT);
        assertArrayEquals(new long[] {9, 2, 3, 3}, points.shape());
        assertEquals(DataType.FLOAT, points.dataType());
        assertFalse(points.isAttached());
        assertArrayEquals(x0.castTo(DataType.FLOAT).reshape(18).toFloatVector(),
                points.slice(0).reshape(18).toFloatVector(), 1e-6f);
        assertArrayEquals(x1.castTo(DataType.FLOAT).reshape(18).toFloatVector(),
                points.slice(8).reshape(18).toFloatVector(), 1e-6f);
        assertTrue(probe.sampled());
        assertEquals(9, probe.pointCount(9));
    }

    @Test
    void endpointsMustBeSingleExamplesOfOneShape() {
        assertThrows(IllegalArgumentException.class,
                () -> Probe.quarterCircle(Nd4j.rand(2, 4), Nd4j.rand(2, 4)));
        assertThrows(IllegalArgumentException.class,
                () -> Probe.quarterCircle(Nd4j.rand(1, 4), Nd4j.rand(1, 5)));
        assertArrayEquals(new long[] {4}, Probe.quarterCircle(Nd4j.rand(1, 4), Nd4j.rand(DataType.FLOAT, 4))
                .exampleShape());
    }

    @Test
    void fromAnIteratorTheSeedPicksTwoDistinctExamplesAndTheIteratorIsReset() {
        DataSetIterator data = ListenerNets.data(false, 2, 10, 8);
        DataSet first = data.next();
        data.reset();
        Probe a = Probe.quarterCircle(data, 1);
        assertTrue(data.hasNext());
        assertEquals(first.getFeatures(), data.next().getFeatures(), "reset to the first minibatch");
        data.reset();
        Probe again = Probe.quarterCircle(data, 1);
        Probe other = Probe.quarterCircle(data, 2);
        INDArray pa = a.points(5, DataType.DOUBLE);
        assertEquals(pa, again.points(5, DataType.DOUBLE), "same seed, same probe");
        assertNotEquals(pa, other.points(5, DataType.DOUBLE), "another seed, other examples");
        // Both endpoints are rows of the first minibatch.
        List<INDArray> rows = List.of(first.getFeatures().castTo(DataType.DOUBLE));
        assertTrue(isRowOf(pa.slice(0), rows.get(0)) && isRowOf(pa.slice(4), rows.get(0)));
        assertNotEquals(pa.slice(0), pa.slice(4));
    }

    @Test
    void aMinibatchInHandGivesTheSameProbeAndAnIteratorThatCannotBeResetIsRefused() {
        DataSetIterator data = ListenerNets.data(false, 2, 10, 8);
        DataSet first = data.next();
        data.reset();
        assertEquals(Probe.quarterCircle(data, 3).points(9, DataType.DOUBLE),
                Probe.quarterCircle(first, 3).points(9, DataType.DOUBLE));
        DataSetIterator once = new org.deeplearning4j.datasets.iterator.IteratorDataSetIterator(
                List.of(first, first).iterator(), 10);
        assertFalse(once.resetSupported());
        var e = assertThrows(IllegalArgumentException.class, () -> Probe.quarterCircle(once, 3));
        assertTrue(e.getMessage().contains("cannot be reset") && e.getMessage().contains("Probe.quarterCircle"),
                e.getMessage());
        assertTrue(once.hasNext(), "nothing was read from it");
    }

    @Test
    void minibatchPathIsTheExamplesInOrder() {
        INDArray batch = Nd4j.rand(DataType.FLOAT, 7, 2, 4, 4);
        Probe path = Probe.minibatchPath(batch);
        assertFalse(path.sampled());
        assertEquals(7, path.pointCount(1000));
        INDArray points = path.points(1000, DataType.FLOAT);
        assertEquals(batch, points);
        assertEquals(ArcLength.of(batch), ArcLength.of(points), 0.0);
        assertThrows(IllegalArgumentException.class, () -> Probe.minibatchPath(Nd4j.rand(1, 5)));
    }

    private static boolean isRowOf(INDArray row, INDArray matrix) {
        for (int i = 0; i < matrix.rows(); i++) {
            if (matrix.getRow(i).equalsWithEps(row, 1e-6)) {
                return true;
            }
        }
        return false;
    }
}
