package kcbx.audit;

import io.micronaut.http.MediaType;
import io.micronaut.http.server.types.files.StreamedFile;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import kcbx.system.FieldProblem;
import kcbx.system.ProblemException;
import kcbx.system.Jdbc;

/**
 * Exports the audit records of a period as NDJSON, with their chain hashes and canonical texts,
 * so that {@link VerifyExport} can check them without the service. The period is turned into a
 * stretch of each chain first (recording times never decrease along it), so the export has no gaps
 * and later appends do not leak into it; it is then read a page at a time as the client reads.
 * A record whose text commits to more rows by a digest (a reconciliation's findings) is followed
 * by those rows, a page at a time, so the export never holds a county's findings in memory.
 */
@Singleton
public class AuditExport {
    public static final MediaType NDJSON = MediaType.of("application/x-ndjson");
    private static final int PAGE = 500;
    private static final int PARTS_PAGE = 2000;

    private final TransactionOperations<Connection> tx;
    private final AuditRecordTypes types;

    AuditExport(TransactionOperations<Connection> tx, AuditRecordTypes types) {
        this.tx = tx;
        this.types = types;
    }

    /**
     * The export of one chain ({@code chain}) or, with chain null, of every chain: each chain's
     * records of the period in chain order, then that chain's trailer, chain after chain by name,
     * and a last line that says how many chains and records precede it (so an export cut between
     * two chains is recognised). A chain no head names is a 404 problem.
     */
    public StreamedFile export(ZonedDateTime from, ZonedDateTime to, String chain) {
        if (!from.isBefore(to)) {
            throw ProblemException.invalid(List.of(new FieldProblem("to", "must be after from")));
        }
        List<Range> ranges;
        try {
            ranges = Jdbc.read(tx, c -> ranges(c, chain, from.toInstant().toEpochMilli(), to.toInstant().toEpochMilli()));
        } catch (RuntimeException e) {
            throw kcbx.system.StorageFailure.unavailable(e, cause -> kcbx.system.StorageUnavailableException.notRecorded(
                    "The audit export could not start", cause));
        }
        if (ranges == null) {
            throw ProblemException.notFound("audit chain");
        }
        return new StreamedFile(new Lines(ranges, chain == null, from.toInstant().toEpochMilli(),
                to.toInstant().toEpochMilli()), NDJSON);
    }

    /**
     * The stretch of a chain recorded in [fromMs, toMs) (empty when first > last), and the chain
     * hash just before it (of the last record recorded before fromMs), which the first line links to.
     */
    private record Range(String chain, long first, long last, String anchor, long fromMs, long toMs) {
    }

    /** The ranges of the chain named, or of every chain; null when the chain named has no head. */
    private static List<Range> ranges(Connection c, String chain, long fromMs, long toMs) throws SQLException {
        List<String> chains;
        if (chain == null) {
            chains = AuditChainSql.heads(c).stream().map(AuditChainSql.Head::chain).toList();
        } else if (AuditChainSql.head(c, chain).isPresent()) {
            chains = List.of(chain);
        } else {
            return null;
        }
        List<Range> out = new java.util.ArrayList<>();
        for (String name : chains) {
            OptionalLong first = AuditChainSql.firstSeqFrom(c, name, fromMs);
            OptionalLong last = AuditChainSql.lastSeqBefore(c, name, toMs);
            OptionalLong before = AuditChainSql.lastSeqBefore(c, name, fromMs);
            String anchor = before.isEmpty() ? ChainHash.genesis(name) : AuditChainSql.link(c, name, before.getAsLong())
                    .map(AuditChainSql.Link::chainHash).orElse(ChainHash.genesis(name));
            out.add(new Range(name, first.orElse(Long.MAX_VALUE), last.orElse(0), anchor, fromMs, toMs));
        }
        return out;
    }

    /** The export as a stream of bytes, one page of a chain read each time the buffer runs dry. */
    private final class Lines extends InputStream {
        private final List<Range> ranges;
        private final boolean allChains;
        private final long fromMs;
        private final long toMs;
        private int section;
        private long totalRecords;
        private long next;
        private long records;
        private long firstSeq = -1;
        private String lastHash;
        private byte[] buffer = new byte[0];
        private int pos;
        private boolean endWritten;
        /** The record whose parts are being written, and the position of the next one; null when none. */
        private AuditChainSql.Link partsOf;
        private long nextPart;

        Lines(List<Range> ranges, boolean allChains, long fromMs, long toMs) {
            this.ranges = ranges;
            this.allChains = allChains;
            this.fromMs = fromMs;
            this.toMs = toMs;
            startSection(0);
        }

        private void startSection(int index) {
            section = index;
            records = 0;
            firstSeq = -1;
            if (index < ranges.size()) {
                next = ranges.get(index).first();
                lastHash = ranges.get(index).anchor();
            }
        }

        @Override
        public int read() throws IOException {
            if (!fill()) {
                return -1;
            }
            return buffer[pos++] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(len, buffer.length - pos);
            System.arraycopy(buffer, pos, b, off, n);
            pos += n;
            return n;
        }

        private boolean fill() throws IOException {
            while (pos >= buffer.length) {
                if (endWritten) {
                    return false;
                }
                StringBuilder out = new StringBuilder();
                if (section >= ranges.size()) {
                    end(out);
                } else if (partsOf != null) {
                    parts(out);
                } else if (next <= ranges.get(section).last()) {
                    page(out);
                } else {
                    trailer(out);
                    startSection(section + 1);
                }
                buffer = out.toString().getBytes(StandardCharsets.UTF_8);
                pos = 0;
            }
            return true;
        }

        private void page(StringBuilder out) throws IOException {
            record Page(List<AuditChainSql.Link> links, Map<String, Map<String, String>> contents) {
            }
            Range range = ranges.get(section);
            Page p;
            try {
                long from = next;
                p = Jdbc.read(tx, c -> {
                    List<AuditChainSql.Link> links = upToFirstWithParts(AuditChainSql.links(c, range.chain(), from,
                            range.last(), PAGE));
                    return new Page(links, types.contents(c, links));
                });
            } catch (RuntimeException e) {
                throw new IOException("The audit chain could not be read while exporting", e);
            }
            if (p.links().isEmpty()) {
                next = range.last() + 1; // the rest of the stretch is gone: the trailer's toSeq will say so
                return;
            }
            for (AuditChainSql.Link l : p.links()) {
                if (firstSeq < 0) {
                    firstSeq = l.seq();
                }
                out.append(new CanonicalJson()
                        .put("chain", l.chain())
                        .put("seq", l.seq())
                        .put("recordType", l.recordType())
                        .put("recordId", l.recordId())
                        .put("recordedAtMs", l.recordedAtMs())
                        .put("prevHash", l.prevHash())
                        .put("contentHash", l.contentHash())
                        .put("chainHash", l.chainHash())
                        .put("content", AuditRecordTypes.content(p.contents(), l))
                        .text()).append('\n');
                records++;
                totalRecords++;
                lastHash = l.chainHash();
                next = l.seq() + 1;
                if (types.hasParts(l.recordType())) {
                    partsOf = l;
                    nextPart = 0;
                }
            }
        }

        /** The page ends with the first record that has parts: they come next, before any other record. */
        private List<AuditChainSql.Link> upToFirstWithParts(List<AuditChainSql.Link> links) {
            for (int i = 0; i < links.size(); i++) {
                if (types.hasParts(links.get(i).recordType())) {
                    return links.subList(0, i + 1);
                }
            }
            return links;
        }

        private void parts(StringBuilder out) throws IOException {
            List<AuditRecordType.Part> parts;
            try {
                AuditChainSql.Link l = partsOf;
                long from = nextPart;
                parts = Jdbc.read(tx, c -> types.parts(c, l.recordType(), l.recordId(), from, PARTS_PAGE));
            } catch (RuntimeException e) {
                throw new IOException("The audit chain could not be read while exporting", e);
            }
            for (AuditRecordType.Part part : parts) {
                out.append(part.line()).append('\n');
                nextPart = part.position() + 1;
            }
            if (parts.size() < PARTS_PAGE) {
                partsOf = null;
            }
        }

        private void trailer(StringBuilder out) {
            Range range = ranges.get(section);
            CanonicalJson t = new CanonicalJson().raw("trailer", "true").put("chain", range.chain()).put("records", records);
            if (records > 0) {
                t.put("fromSeq", firstSeq).put("toSeq", range.last());
            }
            // the period lets the offline verifier hold the export to checkpoints of records recorded in it
            t.put("lastChainHash", lastHash).put("fromMs", range.fromMs()).put("toMs", range.toMs());
            out.append(t.text()).append('\n');
        }

        private void end(StringBuilder out) {
            out.append(new CanonicalJson().raw("end", "true").put("chains", ranges.size()).put("records", totalRecords)
                    .raw("allChains", String.valueOf(allChains)).put("fromMs", fromMs).put("toMs", toMs).text())
                    .append('\n');
            endWritten = true;
        }
    }
}
