package org.expressivity4j.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GridTest {

    @TempDir
    Path tmp;

    @Test
    void cellsAreTheProductWithTheFirstAxisSlowest() {
        Grid g = Grid.parse(List.of("seed=1,2", "--widths=8,16,32"));
        assertEquals(6, g.size());
        List<Cell> cells = g.cells();
        assertEquals(Map.of("seed", "1", "widths", "8"), cells.get(0).values());
        assertEquals(Map.of("seed", "1", "widths", "32"), cells.get(2).values());
        assertEquals(Map.of("seed", "2", "widths", "8"), cells.get(3).values());
        assertEquals(List.of(1, 2, 3, 4, 5, 6), cells.stream().map(Cell::index).toList());
        assertEquals(6, cells.stream().map(Cell::id).distinct().count(), "ids are unique");
        assertEquals("1_seed-1_widths-8", cells.get(0).id());
    }

    @Test
    void idsArePaddedAndSafeAsFolderNames() {
        Grid g = Grid.parse(List.of("variants=a/b,c d,e", "seed=1,2,3,4"));
        List<Cell> cells = g.cells();
        assertEquals("01_variants-a_b_seed-1", cells.get(0).id());
        assertEquals("05_variants-c_d_seed-1", cells.get(4).id());
        for (Cell c : cells) {
            assertTrue(c.id().matches("[A-Za-z0-9._+-]+"), c.id());
        }
    }

    @Test
    void argumentsSpellOptionsAndFlags() {
        Cell cell = new Cell(1, 1, new java.util.LinkedHashMap<>(Map.of("quick", "true")));
        assertEquals(List.of("--quick"), cell.arguments(Set.of("quick")));
        Cell off = new Cell(1, 1, Map.of("quick", "false"));
        assertEquals(List.of(), off.arguments(Set.of("quick")));
        Cell valued = new Cell(1, 1, Map.of("seed", "3"));
        assertEquals(List.of("--seed", "3"), valued.arguments(Set.of()));
    }

    @Test
    void fileValuesMayHoldCommasAndCombineWithArguments() throws Exception {
        Path file = tmp.resolve("grid.json");
        Files.writeString(file, "{\"variants\": [\"none,batchnorm\", \"trajreg\"], \"trajreg-coefficient\": [0.001, 0.01]}");
        Grid g = Grid.parse(List.of("seed=1,2")).and(Grid.read(file));
        assertEquals(List.of("seed", "variants", "trajreg-coefficient"), List.copyOf(g.axes().keySet()));
        assertEquals(List.of("none,batchnorm", "trajreg"), g.axes().get("variants"));
        assertEquals(List.of("0.001", "0.01"), g.axes().get("trajreg-coefficient"));
        assertEquals(8, g.size());
    }

    @Test
    void badGridsAreRefusedWithTheirReason() {
        assertThrows(IllegalArgumentException.class, () -> Grid.parse(List.of()));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Grid.parse(List.of("seed")))
                .getMessage().contains("NAME=V1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Grid.parse(List.of("seed=1,,2")))
                .getMessage().contains("empty value"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Grid.parse(List.of("seed=1,1")))
                .getMessage().contains("repeats"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Grid.parse(List.of("seed=1", "seed=2")))
                .getMessage().contains("twice"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Grid.parse(List.of("Seed!=1")))
                .getMessage().contains("not an option name"));
    }

    @Test
    void badGridFilesAreRefused() throws Exception {
        Path notObject = tmp.resolve("a.json");
        Files.writeString(notObject, "[1, 2]");
        assertThrows(IllegalArgumentException.class, () -> Grid.read(notObject));
        Path notArray = tmp.resolve("b.json");
        Files.writeString(notArray, "{\"seed\": 1}");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Grid.read(notArray)).getMessage()
                .contains("array"));
        Path nested = tmp.resolve("c.json");
        Files.writeString(nested, "{\"seed\": [[1]]}");
        assertThrows(IllegalArgumentException.class, () -> Grid.read(nested));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Grid.read(tmp.resolve("missing.json")))
                .getMessage().contains("cannot read"));
    }
}
