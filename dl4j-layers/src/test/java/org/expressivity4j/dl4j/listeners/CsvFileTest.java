package org.expressivity4j.dl4j.listeners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CsvFileTest {

    private static final List<String> HEADER = List.of("name", "value");

    @TempDir
    Path dir;

    @Test
    void writesOrdinaryCellsAsTheyAreAndNumbersInTheirShortestForm() throws IOException {
        Path file = dir.resolve("a.csv");
        try (CsvFile csv = CsvFile.open(file, HEADER)) {
            csv.append(List.of("h1", CsvFile.number(3.0)));
            csv.append(List.of(List.of("h2", CsvFile.number(0.25)), List.of("h3", CsvFile.number(Double.NaN)),
                    List.of("h4", CsvFile.number(Double.NEGATIVE_INFINITY)), List.of("h5", CsvFile.number(1e20))));
        }
        assertEquals("name,value\nh1,3\nh2,0.25\nh3,NaN\nh4,-Infinity\nh5,1.0e20\n",
                Files.readString(file, StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a,b", "say \"hi\"", "two\nlines", "carriage\rreturn", "crlf\r\nend", "\"", ",", "\n",
        "trailing\n", ""})
    void aCellSurvivesTheRoundTrip(String cell) {
        Path file = dir.resolve("b.csv");
        try (CsvFile csv = CsvFile.open(file, HEADER)) {
            csv.append(List.of(cell, "1"));
            csv.append(List.of("next", "2"));
        }
        assertEquals(List.of(HEADER, List.of(cell, "1"), List.of("next", "2")), CsvFile.read(file));
    }

    @Test
    void quotesExactlyTheCellsThatNeedIt() {
        assertEquals("plain", CsvFile.quote("plain"));
        assertEquals("\"a,b\"", CsvFile.quote("a,b"));
        assertEquals("\"a\"\"b\"", CsvFile.quote("a\"b"));
        assertEquals("\"a\nb\"", CsvFile.quote("a\nb"));
        assertEquals("\"a\rb\"", CsvFile.quote("a\rb"));
    }

    @Test
    void reopeningCutsAPartialLastRecordEvenOneWithAQuotedLineBreak() throws IOException {
        Path file = dir.resolve("c.csv");
        try (CsvFile csv = CsvFile.open(file, HEADER)) {
            csv.append(List.of("two\nlines", "1"));
        }
        Files.writeString(file, "\"cut\nhere", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        try (CsvFile csv = CsvFile.open(file, HEADER)) {
            csv.append(List.of("after", "2"));
        }
        assertEquals(List.of(HEADER, List.of("two\nlines", "1"), List.of("after", "2")), CsvFile.read(file));
    }

    @Test
    void refusesAFileWithAnotherHeaderAndRecordsOfAnotherWidth() throws IOException {
        Path file = dir.resolve("d.csv");
        Files.writeString(file, "other,header,here\n1,2,3\n", StandardCharsets.UTF_8);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> CsvFile.open(file, HEADER));
        assertEquals(true, e.getMessage().contains("other,header,here"), e.getMessage());
        try (CsvFile csv = CsvFile.open(dir.resolve("e.csv"), HEADER)) {
            assertThrows(IllegalArgumentException.class, () -> csv.append(List.of("only one")));
        }
    }

    @Test
    void readsCrlfRecordsAndSkipsEmptyLines() {
        assertEquals(List.of(List.of("a", "b"), List.of("1", "2")), CsvFile.parse("a,b\r\n\n1,2\r\n"));
        assertEquals(List.of(List.of("a", "b"), List.of("1", "2")), CsvFile.parse("a,b\n1,2"));
    }
}
