package io.boc4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.boc4j.bench.report.Report;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The report: Markdown sections, decodable PNG charts, and hand-written notes kept on regeneration. */
class ReportTest {

  @TempDir
  Path tmp;

  @Test
  @Timeout(120)
  void writesMarkdownAndChartsAndKeepsTheNotes() throws Exception {
    Path json = tmp.resolve("bench.json");
    Path docs = tmp.resolve("docs");
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    int status = Main.run(quiet, "--quick", "--forks", "0", "--workload", "bank",
        "--impl", "boc4j,locks", "--workers", "1,2", "--accounts", "2,36", "--ops", "2000",
        "--runs", "3", "--warmups", "0", "--json", json.toString(), "--docs", docs.toString());
    assertEquals(0, status);

    String md = Files.readString(docs.resolve("benchmarks.md"));
    for (String section : new String[] {"## Machine", "## Summary", "## Where boc4j loses",
        "## Charts", "## All records", "## External reference points"}) {
      assertTrue(md.contains(section), "has " + section);
    }
    for (String png : new String[] {"bank-workers.png", "bank-contention.png"}) {
      BufferedImage img = ImageIO.read(docs.resolve("img").resolve(png).toFile());
      assertNotNull(img, png + " decodes");
      assertTrue(img.getWidth() > 500 && img.getHeight() > 300, png + " size");
    }

    String edited = md.replace("_No hand-written analysis yet._", "Hand-written: keep me.");
    Files.writeString(docs.resolve("benchmarks.md"), edited);
    Main.run(quiet, "--report-from", json.toString(), "--docs", docs.toString());
    assertTrue(Files.readString(docs.resolve("benchmarks.md")).contains("Hand-written: keep me."),
        "the notes survive regeneration");
    assertTrue(md.contains(Report.COMMAND), "the page names the command that regenerates it");
  }
}
