package org.expressivity4j.trainers.reproduce;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.expressivity4j.trainers.CliTest;
import org.expressivity4j.trainers.IsolatedData;
import org.expressivity4j.trainers.run.Manifest;
import org.expressivity4j.trainers.run.RunDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** {@code reproduce} end to end on two cheap figure runs: the report, resuming, a failed figure run, bad options. */
@ExtendWith(IsolatedData.class)
class ReproduceCliTest {

    @TempDir
    Path tmp;

    @Test
    void twoFiguresGiveBothReportFilesAndResumeKeepsTheFinishedOne() throws Exception {
        Path out = tmp.resolve("r");
        CliTest.Outcome o = CliTest.run("reproduce", "--quick", "--only", "bn-init,linearity", "--threads", "1",
                "--out", out.toString());
        assertEquals(0, o.code(), o.err());
        assertEquals("completed", RunDirectory.readManifest(out).status());

        String md = Files.readString(out.resolve(ReproduceReport.MARKDOWN));
        for (String id : List.of("bn-init", "bn-lemma", "linearity")) {
            assertTrue(row(md, id).contains("**reproduced**"), row(md, id));
        }
        for (Claim c : Claims.all()) {
            String r = row(md, c.id());
            assertTrue(r.matches(".*\\*\\*(reproduced|partly|not reproduced|not run in this profile)\\*\\*.*"), r);
        }
        assertTrue(row(md, "fig6").contains("not selected (--only)"), row(md, "fig6"));
        assertTrue(md.contains("Profile**: quick") && md.contains("cores") && md.contains("Commit**"), md);
        assertLinksResolve(md, out);
        assertHtmlSelfContained(out.resolve(ReproduceReport.HTML));

        // A kill while the second figure ran leaves its manifest "running": --resume reruns it and keeps the first.
        Path first = out.resolve(Stages.BN_INIT).resolve(RunDirectory.MANIFEST);
        byte[] before = Files.readAllBytes(first);
        Path second = out.resolve(Stages.LINEARITY).resolve(RunDirectory.MANIFEST);
        Manifest m = RunDirectory.readManifest(out.resolve(Stages.LINEARITY));
        Files.writeString(second, Files.readString(second).replace("\"completed\"", "\"running\""));
        Files.writeString(out.resolve(RunDirectory.MANIFEST), Files.readString(out.resolve(RunDirectory.MANIFEST))
                .replace("\"completed\"", "\"running\""));

        CliTest.Outcome again = CliTest.run("reproduce", "--quick", "--only", "bn-init,linearity", "--threads", "1",
                "--out", out.toString(), "--resume");
        assertEquals(0, again.code(), again.err());
        assertArrayEquals(before, Files.readAllBytes(first), "the finished figure run was not touched");
        Manifest rerun = RunDirectory.readManifest(out.resolve(Stages.LINEARITY));
        assertEquals("completed", rerun.status());
        assertNotEquals(m.start(), rerun.start(), "the interrupted figure run started again");
        assertTrue(row(Files.readString(out.resolve(ReproduceReport.MARKDOWN)), "linearity").contains("reproduced"));
    }

    @Test
    void aFailedFigureRunIsReportedWhileTheOthersFinish() throws Exception {
        Path out = tmp.resolve("f");
        // transitions needs MNIST, which this test's empty cache does not have; --offline forbids the download.
        CliTest.Outcome o = CliTest.run("reproduce", "--quick", "--only", "fig2,bn-init", "--offline", "--threads",
                "1", "--out", out.toString());
        assertEquals(1, o.code(), o.err());
        assertTrue(o.err().contains("1 of 2 figure runs failed: transitions"), o.err());
        assertFalse(o.err().contains("\tat "), o.err());
        String md = Files.readString(out.resolve(ReproduceReport.MARKDOWN));
        assertTrue(row(md, "bn-init").contains("**reproduced**"), row(md, "bn-init"));
        assertTrue(row(md, "fig2").contains("ended as failed"), row(md, "fig2"));
        assertTrue(Files.readString(out.resolve(Stages.TRANSITIONS).resolve("command.log")).contains("mnist"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"reproduce --profile fast", "reproduce --only fig4", "reproduce --quick --profile full",
        "reproduce --only ,"})
    void badOptionsExitTwo(String line) {
        CliTest.Outcome o = CliTest.run(line.split(" "));
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().contains("Usage: expressivity4j reproduce"), o.err());
    }

    /** The claim's row of the report's table. */
    static String row(String md, String id) {
        return md.lines().filter(l -> l.startsWith("| " + id + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + id));
    }

    /** Every relative Markdown link of the report names a file that exists. */
    static void assertLinksResolve(String md, Path folder) {
        Matcher m = Pattern.compile("\\]\\(([^)]+)\\)").matcher(md);
        int links = 0;
        while (m.find()) {
            Path target = folder.resolve(m.group(1));
            assertTrue(Files.isRegularFile(target), "broken link " + m.group(1));
            links++;
        }
        assertTrue(links > 0, "no links");
    }

    /** The HTML parses (as XHTML) and every image is embedded as a data URI. */
    static void assertHtmlSelfContained(Path html) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document doc = f.newDocumentBuilder().parse(html.toFile());
        NodeList images = doc.getElementsByTagNameNS("*", "img");
        assertTrue(images.getLength() > 0, "no images");
        for (int i = 0; i < images.getLength(); i++) {
            String src = ((Element) images.item(i)).getAttribute("src");
            assertTrue(src.startsWith("data:image/png;base64,") && src.length() > 1000, "not embedded: "
                    + src.substring(0, Math.min(60, src.length())));
        }
        assertTrue(doc.getElementsByTagNameNS("*", "tr").getLength() == Claims.all().size() + 1);
    }
}
