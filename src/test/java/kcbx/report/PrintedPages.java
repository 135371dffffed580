package kcbx.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An XLSX report as it prints: converted to PDF by LibreOffice headless (soffice), then read with
 * poppler's pdfinfo and pdftotext -bbox. The tools are Debian's libreoffice-calc-nogui and
 * poppler-utils, with fonts-wqy-zenhei for the Chinese; .ci/run installs them where missing.
 */
record PrintedPages(int pages, double pageWidth, double pageHeight, List<Word> words, String text) {
    /** A word on a page (0 the first), with its box in points. */
    record Word(int page, double xMin, double yMin, double xMax, double yMax, String text) {
    }

    private static final Pattern PAGE = Pattern.compile("<page width=\"([0-9.]+)\" height=\"([0-9.]+)\">");
    private static final Pattern WORD = Pattern.compile(
            "<word xMin=\"([0-9.-]+)\" yMin=\"([0-9.-]+)\" xMax=\"([0-9.-]+)\" yMax=\"([0-9.-]+)\">([^<]*)</word>");

    /** Converts each XLSX (written under dir as name.xlsx) to name.pdf in one LibreOffice run. */
    static void convert(Path dir, List<Path> xlsx) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("soffice", "--headless", "--norestore", "--nolockcheck",
                // a profile of its own, so a desktop LibreOffice or a parallel run does not interfere
                "-env:UserInstallation=" + dir.resolve("lo-profile").toUri(), "--convert-to", "pdf", "--outdir", dir.toString()));
        xlsx.forEach(p -> cmd.add(p.toString()));
        run(cmd, dir.resolve("soffice.log"), 240);
        for (Path p : xlsx) {
            Path pdf = pdfOf(p);
            if (!Files.exists(pdf)) {
                throw new AssertionError("LibreOffice wrote no " + pdf + ": " + Files.readString(dir.resolve("soffice.log")));
            }
        }
    }

    static Path pdfOf(Path xlsx) {
        String name = xlsx.getFileName().toString();
        return xlsx.resolveSibling(name.substring(0, name.length() - ".xlsx".length()) + ".pdf");
    }

    static PrintedPages read(Path pdf) throws IOException, InterruptedException {
        Path html = pdf.resolveSibling(pdf.getFileName() + ".bbox.html");
        run(List.of("pdftotext", "-bbox", pdf.toString(), html.toString()), pdf.resolveSibling("pdftotext.log"), 60);
        String bbox = Files.readString(html, StandardCharsets.UTF_8);
        List<Word> words = new ArrayList<>();
        double width = 0;
        double height = 0;
        int page = 0;
        // pages and words in document order: a word belongs to the page element before it
        Matcher pm = PAGE.matcher(bbox);
        List<int[]> pageStarts = new ArrayList<>();
        while (pm.find()) {
            pageStarts.add(new int[] {pm.start()});
            width = Double.parseDouble(pm.group(1));
            height = Double.parseDouble(pm.group(2));
        }
        Matcher wm = WORD.matcher(bbox);
        while (wm.find()) {
            while (page < pageStarts.size() && pageStarts.get(page)[0] < wm.start()) {
                page++;
            }
            words.add(new Word(page - 1, Double.parseDouble(wm.group(1)), Double.parseDouble(wm.group(2)),
                    Double.parseDouble(wm.group(3)), Double.parseDouble(wm.group(4)), unescape(wm.group(5))));
        }
        Path txt = pdf.resolveSibling(pdf.getFileName() + ".txt");
        run(List.of("pdftotext", "-layout", pdf.toString(), txt.toString()), pdf.resolveSibling("pdftotext.log"), 60);
        return new PrintedPages(pageStarts.size(), width, height, words, Files.readString(txt, StandardCharsets.UTF_8));
    }

    /** The page's text with all white space taken out, so text wrapped inside a cell still matches. */
    String squeezed(int page) {
        StringBuilder s = new StringBuilder();
        for (Word w : words) {
            if (w.page() == page) {
                s.append(w.text());
            }
        }
        return s.toString();
    }

    /** The words that reach beyond the page's edge (a column cut by the paper). */
    List<Word> outside() {
        return words.stream().filter(w -> w.xMin() < 0 || w.xMax() > pageWidth || w.yMax() > pageHeight).toList();
    }

    private static String unescape(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&");
    }

    private static void run(List<String> cmd, Path log, int seconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(cmd.get(0) + " did not finish within " + seconds + " s");
        }
        if (p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", cmd) + " failed: " + Files.readString(log));
        }
    }
}
