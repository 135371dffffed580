package kcbx.system;

import com.github.luben.zstd.Zstd;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The stored form of a decision's request and decision JSON: the text's UTF-8 bytes as one zstd
 * frame (level 3), in the request_z and decision_z columns since V18. Rows written before keep the
 * text in request_json and decision_json; a reader takes the text column where the row has one,
 * else the compressed column, so old rows read as before and either column, changed, changes the
 * text the audit chain hashes. Lossless: the text read back is the text stored, character for character.
 */
public final class StoredJson {
    /** zstd's default level: about 5x on decision JSON at a fraction of a millisecond. */
    static final int LEVEL = 3;
    /** No stored JSON decompresses to more than this (a guard against a forged frame header). */
    static final long MAX_TEXT_BYTES = 64L * 1024 * 1024;

    private StoredJson() {
    }

    /** The compressed form of a JSON text. */
    public static byte[] compress(String text) {
        return Zstd.compress(text.getBytes(StandardCharsets.UTF_8), LEVEL);
    }

    /** The text of a compressed form made by {@link #compress}. */
    public static String decompress(byte[] z) {
        long size = Zstd.getFrameContentSize(z);
        if (size < 0 || size > MAX_TEXT_BYTES) {
            throw new IllegalStateException("stored JSON is not a zstd frame with its size (" + size + ")");
        }
        byte[] bytes = Zstd.decompress(z, (int) size);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The stored text: the text column if the row has it (written before V18), else the compressed column's. */
    public static String read(String text, byte[] z) {
        if (text != null) {
            return text;
        }
        return z == null ? null : decompress(z);
    }

    /** {@link #read} of a row's text column and compressed column, by column index. */
    public static String read(ResultSet rs, int textColumn, int zColumn) throws SQLException {
        return read(rs.getString(textColumn), rs.getBytes(zColumn));
    }
}
