package kcbx.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.micronaut.context.env.Environment;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * V23 stores a chain entry's hashes as bytes. Entries in the form before (hex text) read back as
 * the same hex, so they link and verify as before (ChainMigrationTest walks a whole old chain
 * through every migration, online and offline); an entry whose hash was edited around the service
 * into something that is not 64 lowercase hex characters (upper case, too short, not hex) does not
 * become a hash that might pass: it reads as "" and breaks its link. Above all, a prev_hash of
 * the legacy chain edited so is not padded into its genesis of 64 zeros. On H2 (the copy in Java)
 * and on MariaDB (tag db: the copy on the server).
 */
@MicronautTest(transactional = false, startApplication = false)
@Tag("db")
class ChainHashBytesMigrationTest {
    @Inject
    Environment environment;

    @Inject
    DataSource dataSource;

    @Test
    void hexEntriesReadBackAsTheyWereAndEditedOnesMatchNoHash() throws Exception {
        MigrationDatabase db = MigrationDatabase.beside(environment, dataSource, "v23");
        try {
            db.migrate("22");
            List<AuditChainSql.Link> helan = chain("helan", 4);
            List<AuditChainSql.Link> legacy = chain(AuditChains.LEGACY, 2);
            List<AuditChainSql.Link> written = new ArrayList<>();
            written.addAll(helan.subList(0, 2));
            written.add(with(helan.get(2), helan.get(2).contentHash().toUpperCase(Locale.ROOT), null, null));
            written.add(with(helan.get(3), null, null, helan.get(3).chainHash().substring(2)));
            written.add(with(legacy.get(0), null, "x".repeat(64), null));
            written.add(with(legacy.get(1), null, null, "edited"));
            try (Connection c = db.open()) {
                for (AuditChainSql.Link l : written) {
                    insertAsBeforeV23(c, l);
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_chain_head (chain_name, last_seq,"
                        + " last_hash, last_recorded_at_ms) VALUES ('helan', 4, ?, 1004)")) {
                    ps.setString(1, helan.get(3).chainHash());
                    ps.executeUpdate();
                }
            }

            db.migrate(null);

            try (Connection c = db.open()) {
                List<AuditChainSql.Link> read = new ArrayList<>(AuditChainSql.links(c, "helan", 1, 4, 10));
                read.addAll(AuditChainSql.links(c, AuditChains.LEGACY, 1, 2, 10));
                assertEquals(helan.get(0), read.get(0), "an entry in hex reads back as it was");
                assertEquals(helan.get(1), read.get(1));
                assertEquals(ChainHash.link(1, "decision", "h1", 1001, helan.get(0).contentHash(), ChainHash.genesis("helan")),
                        read.get(0).chainHash(), "and links as before");
                assertEquals("", read.get(2).contentHash(), "an upper-case hash is not taken for its lower-case twin");
                assertEquals("", read.get(3).chainHash(), "a short hash is not padded");
                assertEquals("", read.get(4).prevHash(), "not hex: no bytes, not the 64 zeros of the genesis");
                assertNotEquals(ChainHash.GENESIS, read.get(4).prevHash());
                assertEquals("", read.get(5).chainHash());
                for (AuditChainSql.Link edited : read.subList(2, 6)) {
                    assertNotEquals(ChainHash.link(edited.seq(), edited.recordType(), edited.recordId(),
                            edited.recordedAtMs(), edited.contentHash(), edited.prevHash()), edited.chainHash(),
                            "an edited entry breaks its link: verify names it");
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT content_hash FROM audit_chain"
                        + " WHERE chain_name = 'helan' AND seq = 1"); ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertArrayEquals(HexFormat.of().parseHex(helan.get(0).contentHash()), rs.getBytes(1),
                            "32 bytes a hash");
                }
                // the service's writer appends to a migrated chain, and the entry reads back
                AuditChainSql.Link next = chain("helan", 5).get(4);
                AuditChainSql.appendAll(c, new AuditChainSql.Head("helan", 4, helan.get(3).chainHash(), 1004),
                        List.of(next));
                assertEquals(next, AuditChainSql.link(c, "helan", 5).orElseThrow());
            }
        } finally {
            db.drop();
        }
    }

    /** A well-formed chain of n entries, as the service would write it. */
    private static List<AuditChainSql.Link> chain(String name, int n) {
        List<AuditChainSql.Link> out = new ArrayList<>();
        String prev = ChainHash.genesis(name);
        for (long seq = 1; seq <= n; seq++) {
            String id = name.charAt(0) + String.valueOf(seq);
            String content = ChainHash.sha256("content of " + id);
            String link = ChainHash.link(seq, "decision", id, 1000 + seq, content, prev);
            out.add(new AuditChainSql.Link(name, seq, "decision", id, 1000 + seq, content, prev, link));
            prev = link;
        }
        return out;
    }

    private static AuditChainSql.Link with(AuditChainSql.Link l, String content, String prev, String chain) {
        return new AuditChainSql.Link(l.chain(), l.seq(), l.recordType(), l.recordId(), l.recordedAtMs(),
                content == null ? l.contentHash() : content, prev == null ? l.prevHash() : prev,
                chain == null ? l.chainHash() : chain);
    }

    /** The entry as AuditChainSql wrote it from V15 to V22: the hashes as hex text. */
    private static void insertAsBeforeV23(Connection c, AuditChainSql.Link l) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_chain (chain_name, seq, record_type, record_id,"
                + " recorded_at_ms, content_hash, prev_hash, chain_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, l.chain());
            ps.setLong(2, l.seq());
            ps.setString(3, l.recordType());
            ps.setString(4, l.recordId());
            ps.setLong(5, l.recordedAtMs());
            ps.setString(6, l.contentHash());
            ps.setString(7, l.prevHash());
            ps.setString(8, l.chainHash());
            ps.executeUpdate();
        }
    }
}
