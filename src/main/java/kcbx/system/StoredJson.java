package kcbx.system;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The stored form of a decision's request and decision JSON: the text's UTF-8 bytes as one zstd
 * frame (level 3 until issue 18, {@link #LEVEL} since), in the request_z and decision_z columns since V18. Rows written before keep the
 * text in request_json and decision_json; a reader takes the text column where the row has one,
 * else the compressed column, so old rows read as before and either column, changed, changes the
 * text the audit chain hashes. Lossless: the text read back is the text stored, character for character.
 *
 * <p>Since V19 a frame may be compressed with a zstd dictionary trained on requests or decisions
 * ({@link JsonDictionaries}): the frame's header names the dictionary by id, and the frame carries a
 * checksum of the text, so a frame read with the wrong bytes or a changed byte is an error, never
 * another text. Frames without a dictionary (V18, {@link #compress}) read as before.
 */
public final class StoredJson {
    /**
     * zstd level 9. With the shipped dictionaries, on the benchmark's student (request 4.4 KB and
     * decision 14.8 KB of JSON), measured 2026-12-03: level 3 stores 1,105 B in 27 us, level 6
     * 885 B in 115 us, level 9 782 B in 141 us, level 12 731 B in 154 us (both frames, one core).
     * Level 9 takes a tenth of a millisecond more than 3 for 29 % fewer bytes; the level is not
     * stored, and frames of any level read alike.
     */
    static final int LEVEL = 9;
    /**
     * The match finder of dictionary frames since 2026-12-05 (session 20): zstd's {@code dfast}
     * (strategy 2), matches of at least 6 bytes, hash tables of 2^17 and 2^16 entries. Measured on
     * 2,000 decisions and their requests stored by {@code bench/run.sh} (14.4 KB and 4.4 KB of JSON
     * on average), the shipped dictionaries, one core, warm: the greedy finder used from 2026-12-04
     * (level 9, strategy 3, search depth 2^6) stored a decision in 601 B in 44-49 us and a request
     * in 161 B in 12 us; this one 874 B in 13 us and 204 B in 3.3 us. A decision's compression was
     * the largest single cost of the batch (14 % of the service's CPU, its request's 5 %), and the
     * benchmark's stored bytes a decision, every table, go from about 2,610 B to about 2,930 B,
     * inside issue 18's 3 KB. The greedy finder with depth 2^4 and matches of 5 (651 B in 35 us)
     * saved a fifth of the time, dfast three quarters. Frames read alike whatever the parameters:
     * rows written with the greedy finder read, replay and verify as before.
     */
    static final int STRATEGY = 2;
    static final int MIN_MATCH = 6;
    static final int HASH_LOG = 17;
    static final int CHAIN_LOG = 16;
    /** No stored JSON decompresses to more than this (a guard against a forged frame header). */
    static final long MAX_TEXT_BYTES = 64L * 1024 * 1024;

    private StoredJson() {
    }

    /** The compressed form of a JSON text, without a dictionary (the form of V18). */
    public static byte[] compress(String text) {
        return Zstd.compress(text.getBytes(StandardCharsets.UTF_8), LEVEL);
    }

    /** The compressed form of a decision request's JSON, with the current request dictionary if there is one. */
    public static byte[] compressRequest(String text) {
        return compress(text, JsonDictionary.Kind.REQUEST);
    }

    /** The compressed form of a decision's JSON, with the current decision dictionary if there is one. */
    public static byte[] compressDecision(String text) {
        return compress(text, JsonDictionary.Kind.DECISION);
    }

    /** The same of a decision's JSON as UTF-8 bytes. */
    public static byte[] compressDecision(byte[] utf8) {
        return compress(utf8, JsonDictionary.Kind.DECISION);
    }

    static byte[] compress(String text, JsonDictionary.Kind kind) {
        return compress(text.getBytes(StandardCharsets.UTF_8), kind);
    }

    static byte[] compress(byte[] utf8, JsonDictionary.Kind kind) {
        return JsonDictionaries.current(kind)
                .map(d -> d.compress(utf8))
                .orElseGet(() -> Zstd.compress(utf8, LEVEL));
    }

    /** The text of a compressed form made by any compress method, its dictionary known to this process. */
    public static String decompress(byte[] z) {
        try {
            return decompress(z, null);
        } catch (SQLException e) {
            throw new IllegalStateException(e); // no connection, no SQL
        }
    }

    /**
     * The text of a compressed form; a dictionary this process does not know is read through this
     * connection (null: none) from the table json_dictionary.
     */
    static String decompress(byte[] z, Connection c) throws SQLException {
        long size = Zstd.getFrameContentSize(z);
        if (size < 0 || size > MAX_TEXT_BYTES) {
            throw new StoredJsonUnreadableException("stored JSON is not a zstd frame with its size (" + size + ")");
        }
        long dictId = Zstd.getDictIdFromFrame(z);
        try {
            byte[] bytes;
            if (dictId == 0) {
                bytes = Zstd.decompress(z, (int) size);
            } else {
                bytes = JsonDictionaries.find(dictId, c).decompress(z, (int) size);
            }
            if (bytes.length != size) {
                throw new StoredJsonUnreadableException("stored JSON frame gave " + bytes.length + " bytes for the " + size + " its header states");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (ZstdException e) {
            throw new StoredJsonUnreadableException("stored JSON is a corrupt zstd frame" + (dictId == 0 ? "" : " of dictionary " + dictId)
                    + ": " + e.getMessage(), e);
        }
    }

    /** The stored text: the text column if the row has it (written before V18), else the compressed column's. */
    public static String read(String text, byte[] z) {
        if (text != null) {
            return text;
        }
        return z == null ? null : decompress(z);
    }

    /** {@link #read} of a row's text column and compressed column, by column index; an unknown dictionary is read through the row's connection. */
    public static String read(ResultSet rs, int textColumn, int zColumn) throws SQLException {
        String text = rs.getString(textColumn);
        if (text != null) {
            return text;
        }
        byte[] z = rs.getBytes(zColumn);
        if (z == null) {
            return null;
        }
        return decompress(z, rs.getStatement() == null ? null : rs.getStatement().getConnection());
    }
}
