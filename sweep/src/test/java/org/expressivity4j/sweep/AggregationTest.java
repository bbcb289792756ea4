package org.expressivity4j.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AggregationTest {

    @Test
    void statsOfHandComputableValues() {
        // mean 2, sample sd 1, t(0.975, 2 df) = 4.302653, half-width 4.302653 / sqrt(3)
        Aggregation.Stats s = Aggregation.stats(new double[] {1, 2, 3});
        assertEquals(3, s.n());
        assertEquals(2.0, s.mean(), 1e-12);
        assertEquals(1.0, s.sd(), 1e-12);
        assertEquals(2.0 - 4.302653 / Math.sqrt(3), s.ciLow(), 1e-5);
        assertEquals(2.0 + 4.302653 / Math.sqrt(3), s.ciHigh(), 1e-5);
        // two values 0.80 and 0.84: sd 0.02 sqrt(2), t(0.975, 1) = 12.7062
        Aggregation.Stats two = Aggregation.stats(new double[] {0.80, 0.84});
        assertEquals(0.82, two.mean(), 1e-12);
        assertEquals(0.02 * Math.sqrt(2), two.sd(), 1e-12);
        assertEquals(12.7062 * 0.02, two.ciHalfWidth(), 1e-4);
    }

    @Test
    void oneValueHasNoSpread() {
        Aggregation.Stats s = Aggregation.stats(new double[] {5});
        assertEquals(5, s.mean());
        assertTrue(Double.isNaN(s.sd()) && Double.isNaN(s.ciLow()) && Double.isNaN(s.ciHigh()));
    }

    @Test
    void flattenNamesEveryNumberByItsPath() {
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("clean", 0.5);
        results.put("per_layer", Map.of("c1", 0.1));
        results.put("sigmas", List.of(1.0, 0.1));
        results.put("ok", true);
        results.put("scale", "relative");
        results.put("nan", Double.NaN);
        Map<String, Double> flat = Aggregation.flatten(results);
        assertEquals(Map.of("clean", 0.5, "per_layer/c1", 0.1, "sigmas[0]", 1.0, "sigmas[1]", 0.1, "ok", 1.0), flat);
    }

    @Test
    void cellsAreGroupedByTheirValuesWithoutTheReplicateAxis() {
        Grid g = Grid.parse(List.of("width=4,8", "seed=1,2,3"));
        List<Cell> cells = g.cells();
        Map<Cell, Map<String, Double>> results = new LinkedHashMap<>();
        for (Cell c : cells) {
            double w = Double.parseDouble(c.values().get("width"));
            double seed = Double.parseDouble(c.values().get("seed"));
            results.put(c, Map.of("acc", w + seed));
        }
        List<Aggregation.Row> rows = Aggregation.aggregate(results, "seed");
        assertEquals(2, rows.size());
        assertEquals(Map.of("width", "4"), rows.get(0).point());
        assertEquals(6.0, rows.get(0).stats().mean(), 1e-12);
        assertEquals(1.0, rows.get(0).stats().sd(), 1e-12);
        assertEquals(10.0, rows.get(1).stats().mean(), 1e-12);
        assertEquals(3, rows.get(1).stats().n());
        // without a replicate axis every cell is its own point
        assertEquals(6, Aggregation.aggregate(results, null).size());
    }
}
