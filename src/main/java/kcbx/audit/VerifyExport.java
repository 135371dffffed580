package kcbx.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Verifies an audit export (GET /v1/audit/export) offline, without the service or its database:
 * chain by chain, every line's content against its contentHash, its chainHash against its own
 * fields, its prevHash against the line before (the first record of a chain against the chain's
 * start, {@link ChainHash#genesis}), seq without gaps, each chain's trailer against its lines and
 * the last line against the chains and records before it, so a changed, removed, reordered or
 * cut-off line, or a chain left out, is found. An export made before chains were per county (no
 * chain on its lines, one trailer, no last line) is the chain {@link AuditChains#LEGACY}. A reconciliation's content holds only a
 * digest of its findings (see {@link ReconciliationContent}); its findings follow its line, one
 * line each, and are hashed again here and compared with that digest, so the findings are checked
 * as closely as the records (see {@link ExportedFindings}). Prints the first bad line by its
 * number, seq and record id (never its content: a request or a finding holds a child's personal
 * data) and exits 1; prints a summary and exits 0 when the export holds.
 *
 * <p>Given the service's checkpoints file and checkpoint public key too, it also checks every
 * checkpoint's signature, that the export's chain hash at each checkpoint's seq is the signed one
 * (a record rewritten and re-hashed after a checkpoint), and that every checkpointed head recorded
 * within the export's period is in the export (records removed from the end of the chain).
 *
 * <pre>java -cp target/kcbx-decision-0.1.0-SNAPSHOT.jar kcbx.audit.VerifyExport export.ndjson [checkpoints.log checkpoint-key.pem.pub]</pre>
 */
public final class VerifyExport {
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private VerifyExport() {
    }

    public static void main(String[] args) {
        if (args.length != 1 && args.length != 3) {
            System.err.println("usage: java -cp kcbx-decision.jar kcbx.audit.VerifyExport export.ndjson"
                    + " [checkpoints.log checkpoint-public-key]");
            System.exit(1);
        }
        System.exit(args.length == 1 ? verify(Path.of(args[0]), System.out)
                : verify(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]), System.out));
    }

    /** 0 when the export holds, 1 otherwise; the verdict is printed to out. */
    public static int verify(Path file, PrintStream out) {
        return verify(file, CheckpointBook.of(java.util.List.of(), null), out);
    }

    /** As {@link #verify(Path, PrintStream)}, and held to the signed checkpoints in the checkpoints file. */
    public static int verify(Path file, Path checkpoints, Path publicKey, PrintStream out) {
        CheckpointBook book;
        try {
            book = CheckpointBook.of(FileCheckpointSink.read(checkpoints), CheckpointKeys.readPublicKey(publicKey));
        } catch (IOException | java.security.GeneralSecurityException e) {
            out.println("FAIL the checkpoints " + checkpoints + " or the public key " + publicKey
                    + " cannot be read: " + e.getMessage());
            return 1;
        }
        if (book.problem() != null) {
            out.println("FAIL checkpoints: " + book.problem());
            return 1;
        }
        return verify(file, book, out);
    }

    private static int verify(Path file, CheckpointBook book, PrintStream out) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return verify(in, book, out);
        } catch (IOException e) {
            out.println("FAIL " + file + " cannot be read: " + e.getMessage());
            return 1;
        }
    }

    /** The state of the chain whose lines are being read. */
    private static final class Section {
        final String chain;
        String anchor;
        String prevHash;
        long prevSeq;
        long prevAt = Long.MIN_VALUE;
        long firstSeq;
        long records;

        Section(String chain) {
            this.chain = chain;
        }

        String summary() {
            return records == 0 ? "no record" : "seq " + firstSeq + ".." + prevSeq + ", linked to prevHash " + anchor
                    + ", last chainHash " + prevHash;
        }
    }

    static int verify(BufferedReader in, CheckpointBook book, PrintStream out) throws IOException {
        Boolean chained = null; // null until a line says: exports of per-county chains name their chain on every line
        Section section = null;
        java.util.List<Section> done = new java.util.ArrayList<>();
        boolean ended = false;
        ExportedFindings findings = null;
        int lineNo = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            Map<String, Object> f;
            try {
                f = flatObject(line);
            } catch (IOException e) {
                return fail(out, lineNo, null, "is not a JSON object of plain values");
            }
            if (ended || Boolean.FALSE.equals(chained) && !done.isEmpty()) {
                return fail(out, lineNo, f, "follows the " + (ended ? "last" : "trailer") + " line");
            }
            if (ExportedFindings.isFinding(f)) {
                String problem = findings == null ? "is a finding that no reconciliation line before it announces"
                        : findings.add(f);
                if (problem == null && findings.complete()) {
                    problem = findings.finish();
                    findings = null;
                }
                if (problem != null) {
                    return fail(out, lineNo, f, problem);
                }
                continue;
            }
            if (findings != null) {
                return fail(out, lineNo, f, findings.missing());
            }
            if (Boolean.TRUE.equals(f.get("end"))) {
                if (!Boolean.TRUE.equals(chained) && !(chained == null && done.isEmpty())) {
                    return fail(out, lineNo, f, "ends an export whose lines name no chain");
                }
                if (section != null) {
                    return fail(out, lineNo, f, "ends the export before the trailer of chain " + section.chain);
                }
                String problem = endProblem(f, done, book);
                if (problem != null) {
                    return fail(out, lineNo, f, problem);
                }
                ended = true;
                continue;
            }
            boolean named = f.containsKey("chain");
            if (chained == null) {
                chained = named;
            } else if (chained != named) {
                return fail(out, lineNo, f, named ? "names a chain where the lines before it name none"
                        : "names no chain where the lines before it do");
            }
            String chain = named ? (f.get("chain") instanceof String name ? name : null) : AuditChains.LEGACY;
            if (chain == null) {
                return fail(out, lineNo, f, "has a chain that is not a name");
            }
            if (section == null) {
                for (Section d : done) {
                    if (d.chain.equals(chain)) {
                        return fail(out, lineNo, f, "starts chain " + chain + " again after its trailer");
                    }
                }
                section = new Section(chain);
            } else if (!section.chain.equals(chain)) {
                return fail(out, lineNo, f, "is of chain " + chain + " before the trailer of chain " + section.chain);
            }
            if (Boolean.TRUE.equals(f.get("trailer"))) {
                String problem = trailerProblem(f, section.records, section.firstSeq, section.prevSeq,
                        section.prevHash == null ? anchorOf(f) : section.prevHash);
                if (problem == null) {
                    problem = truncated(f, book, chain, section.records, section.firstSeq, section.prevSeq);
                }
                if (problem != null) {
                    return fail(out, lineNo, f, problem);
                }
                done.add(section);
                section = null;
                continue;
            }
            String problem = recordProblem(f);
            if (problem == null && section.records > 0 && number(f, "seq") != section.prevSeq + 1) {
                problem = "has seq " + number(f, "seq") + " where " + (section.prevSeq + 1)
                        + " follows: a record is missing or moved";
            }
            if (problem == null && section.records > 0 && !f.get("prevHash").equals(section.prevHash)) {
                problem = "has a prevHash that is not the chainHash of the line before it";
            }
            if (problem == null && number(f, "seq") == 1 && !f.get("prevHash").equals(ChainHash.genesis(chain))) {
                problem = "is the first record of chain " + chain + " but does not link to that chain's start";
            }
            if (problem == null && number(f, "recordedAtMs") < section.prevAt) {
                problem = "was recorded before the line before it";
            }
            if (problem == null && book.contradicting(chain, number(f, "seq"), (String) f.get("chainHash")) != null) {
                problem = "has another chainHash than the signed checkpoint of its seq: the chain was rewritten"
                        + " (checkpoint_mismatch)";
            }
            if (problem != null) {
                return fail(out, lineNo, f, problem);
            }
            if (section.records == 0) {
                section.anchor = (String) f.get("prevHash");
                section.firstSeq = number(f, "seq");
            }
            if (ReconciliationContent.TYPE.equals(f.get("recordType"))) {
                findings = ExportedFindings.announcedBy(JSON, (String) f.get("recordId"), (String) f.get("content"));
                if (findings == null) {
                    return fail(out, lineNo, f, "is a reconciliation whose content names no findingCount and findingsDigest");
                }
                if (findings.complete()) {
                    String none = findings.finish();
                    if (none != null) {
                        return fail(out, lineNo, f, none);
                    }
                    findings = null;
                }
            }
            section.records++;
            section.prevSeq = number(f, "seq");
            section.prevHash = (String) f.get("chainHash");
            section.prevAt = number(f, "recordedAtMs");
        }
        if (findings != null) {
            return fail(out, lineNo + 1, null, findings.cutShort());
        }
        boolean perChain = ended || Boolean.TRUE.equals(chained);
        if (section != null || !perChain && done.isEmpty()) {
            return fail(out, lineNo + 1, null, "is missing: the export ends without its trailer line, so it was cut short");
        }
        if (perChain && !ended) {
            return fail(out, lineNo + 1, null, "is missing: the export ends without its last line, so it was cut short");
        }
        long records = done.stream().mapToLong(d -> d.records).sum();
        if (!perChain) {
            Section only = done.get(0);
            out.println("OK " + records + " record(s)" + (records == 0 ? "" : ", " + only.summary()));
            return 0;
        }
        out.println("OK " + records + " record(s) in " + done.size() + " chain(s)");
        for (Section d : done) {
            out.println("  " + d.chain + ": " + d.summary());
        }
        return 0;
    }

    /**
     * Null when the last line of an export of per-county chains counts the chains and records
     * before it, and, for an export of every chain, no chain with a checkpoint of a head recorded
     * within the period is missing from it.
     */
    private static String endProblem(Map<String, Object> f, java.util.List<Section> done, CheckpointBook book) {
        long records = done.stream().mapToLong(d -> d.records).sum();
        if (!(f.get("chains") instanceof Long n) || n != done.size()) {
            return "counts " + f.get("chains") + " chain(s) but " + done.size() + " precede it";
        }
        if (!(f.get("records") instanceof Long r) || r != records) {
            return "counts " + f.get("records") + " record(s) but " + records + " precede it";
        }
        if (Boolean.TRUE.equals(f.get("allChains")) && f.get("fromMs") instanceof Long fromMs
                && f.get("toMs") instanceof Long toMs) {
            java.util.Set<String> present = new java.util.HashSet<>();
            done.forEach(d -> present.add(d.chain));
            for (String chain : book.chains()) {
                for (Checkpoint c : book.all(chain)) {
                    if (!present.contains(chain) && c.headRecordedAtMs() >= fromMs && c.headRecordedAtMs() < toMs) {
                        return "ends an export of every chain that lacks chain " + chain + ", which a signed"
                                + " checkpoint written at " + java.time.Instant.ofEpochMilli(c.writtenAtMs())
                                + " names as recorded within the period (chain_truncated)";
                    }
                }
            }
        }
        return null;
    }

    /** Null when the line's hashes hold. */
    private static String recordProblem(Map<String, Object> f) {
        for (String key : new String[] {"recordType", "recordId", "prevHash", "contentHash", "chainHash"}) {
            if (!(f.get(key) instanceof String)) {
                return "has no " + key;
            }
        }
        for (String key : new String[] {"seq", "recordedAtMs"}) {
            if (!(f.get(key) instanceof Long)) {
                return "has no whole-number " + key;
            }
        }
        if (!(f.get("content") instanceof String content)) {
            return "has no content: the record was not found when the export was made";
        }
        if (!ChainHash.sha256(content).equals(f.get("contentHash"))) {
            return "has content that does not match its contentHash";
        }
        String link = ChainHash.link(number(f, "seq"), (String) f.get("recordType"), (String) f.get("recordId"),
                number(f, "recordedAtMs"), (String) f.get("contentHash"), (String) f.get("prevHash"));
        if (!link.equals(f.get("chainHash"))) {
            return "has a chainHash that does not match its fields";
        }
        return null;
    }

    private static String trailerProblem(Map<String, Object> f, long records, long firstSeq, long lastSeq,
                                         String lastHash) {
        if (!(f.get("records") instanceof Long n) || n != records) {
            return "counts " + f.get("records") + " record(s) but " + records + " precede it";
        }
        if (records > 0 && !(f.get("fromSeq") instanceof Long from && from == firstSeq)) {
            return "starts the export at seq " + f.get("fromSeq") + " but the first record has seq " + firstSeq;
        }
        if (records > 0 && !(f.get("toSeq") instanceof Long to && to == lastSeq)) {
            return "ends the export at seq " + f.get("toSeq") + " but the last record has seq " + lastSeq;
        }
        if (!java.util.Objects.equals(f.get("lastChainHash"), lastHash)) {
            return "names another lastChainHash than the last record's";
        }
        return null;
    }

    /**
     * Null unless a checkpointed head recorded within the export's period (the trailer's fromMs,
     * toMs) is not among its records: the chain was cut back after that checkpoint.
     */
    private static String truncated(Map<String, Object> trailer, CheckpointBook book, String chain, long records,
                                    long firstSeq, long lastSeq) {
        if (!(trailer.get("fromMs") instanceof Long fromMs) || !(trailer.get("toMs") instanceof Long toMs)) {
            return null; // an export made before trailers named their period: checked seq by seq only
        }
        for (Checkpoint c : book.all(chain)) {
            boolean inPeriod = c.headRecordedAtMs() >= fromMs && c.headRecordedAtMs() < toMs;
            if (inPeriod && (records == 0 || c.seq() < firstSeq || c.seq() > lastSeq)) {
                return "lacks seq " + c.seq() + ", which a signed checkpoint written at "
                        + java.time.Instant.ofEpochMilli(c.writtenAtMs()) + " names as recorded within the export's"
                        + " period: records were removed from the chain (chain_truncated)";
            }
        }
        return null;
    }

    private static String anchorOf(Map<String, Object> trailer) {
        return trailer.get("lastChainHash") instanceof String s ? s : null;
    }

    private static int fail(PrintStream out, int lineNo, Map<String, Object> f, String problem) {
        StringBuilder sb = new StringBuilder("FAIL line ").append(lineNo);
        if (f != null && ExportedFindings.isFinding(f)) {
            sb.append(" (finding ").append(f.get("findingSeq")).append(" of ").append(ReconciliationContent.TYPE)
                    .append(' ').append(f.get(ReconciliationContent.FINDING_OF)).append(')');
        } else if (f != null && f.get("seq") != null) {
            sb.append(" (").append(f.get("chain") == null ? "" : "chain " + f.get("chain") + ", ").append("seq ")
                    .append(f.get("seq"));
            if (f.get("recordId") != null) {
                sb.append(", ").append(f.get("recordType")).append(' ').append(f.get("recordId"));
            }
            sb.append(')');
        }
        out.println(sb.append(' ').append(problem).append('.'));
        return 1;
    }

    private static long number(Map<String, Object> f, String key) {
        return (Long) f.get(key);
    }

    /** One JSON object whose values are strings, whole numbers, booleans or null. */
    private static Map<String, Object> flatObject(String line) throws IOException {
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not an object");
            }
            Map<String, Object> out = new HashMap<>();
            for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                String key = p.currentName();
                JsonToken v = p.nextToken();
                out.put(key, switch (v) {
                    case VALUE_STRING -> p.getText();
                    case VALUE_NUMBER_INT -> p.getLongValue();
                    case VALUE_TRUE -> Boolean.TRUE;
                    case VALUE_FALSE -> Boolean.FALSE;
                    case VALUE_NULL -> null;
                    default -> throw new IOException("not a plain value");
                });
            }
            if (p.nextToken() != null) {
                throw new IOException("more after the object");
            }
            return out;
        }
    }
}
