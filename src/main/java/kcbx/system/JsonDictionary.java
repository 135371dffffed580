package kcbx.system;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDictDecompress;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * One zstd dictionary for stored JSON: its id (the one zstd writes in the header of every frame
 * compressed with it), what it was trained on, and its bytes. The native forms are made on first
 * use; compression contexts are pooled, because a context is not thread-safe and making one per
 * call costs more than the compression of a small request.
 */
public final class JsonDictionary {
    /** What a dictionary was trained on; kept in json_dictionary.kind as the lower-case name. */
    public enum Kind {
        REQUEST, DECISION;

        public String column() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Kind of(String column) {
            return valueOf(column.toUpperCase(Locale.ROOT));
        }
    }

    private final long id;
    private final Kind kind;
    private final byte[] bytes;
    private final String sha256;
    private volatile ZstdDictDecompress decompress;
    /**
     * Contexts not in use, the last returned first: a context's tables stay in the CPU's cache
     * while it is reused (taken in turn, 32 contexts made each frame 25 % slower than one). As many
     * are made as threads compress at once, and kept: closing the extra ones would make them again,
     * each loading its dictionary, at the next burst.
     */
    private final ConcurrentLinkedDeque<Compressor> idle = new ConcurrentLinkedDeque<>();

    /**
     * A context and the buffer its frames are written into before they are copied out at their
     * size: zstd-jni's {@code compress(byte[])} allocates a buffer of the bound's size for every
     * frame (14-19 KB a decision, garbage at once).
     */
    private static final class Compressor {
        /** The largest buffer a context keeps: a busy student's decision is some 20 KB of JSON. */
        static final int KEPT_BUFFER = 128 * 1024;
        final ZstdCompressCtx ctx = new ZstdCompressCtx();
        byte[] buffer = new byte[0];
    }

    /** A dictionary from its bytes; refused unless they are a zstd dictionary with an id. */
    public JsonDictionary(Kind kind, byte[] bytes) {
        long id = Zstd.getDictIdFromDict(bytes);
        if (id == 0) {
            throw new IllegalArgumentException("not a zstd dictionary with an id (" + bytes.length + " bytes of " + kind.column() + ")");
        }
        this.id = id;
        this.kind = kind;
        this.bytes = bytes.clone();
        this.sha256 = sha256(bytes);
    }

    public long id() {
        return id;
    }

    public Kind kind() {
        return kind;
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public String sha256() {
        return sha256;
    }

    /**
     * One zstd frame of these bytes at {@link StoredJson}'s level and match finder
     * (strategy, minimum match, hash table sizes), naming this dictionary and with its content size and
     * checksum. Each pooled context holds the dictionary prepared for those parameters (zstd
     * ignores a context's parameters when it is given a dictionary prepared apart): about 1 MB of
     * native memory a context, one context per thread compressing at once.
     */
    byte[] compress(byte[] text) {
        Compressor c = idle.pollFirst();
        if (c == null) {
            c = new Compressor();
            ZstdCompressCtx ctx = c.ctx;
            ctx.setLevel(StoredJson.LEVEL); // a pooled context keeps its parameters: one level for all
            ctx.setStrategy(StoredJson.STRATEGY);
            ctx.setMinMatch(StoredJson.MIN_MATCH);
            ctx.setHashLog(StoredJson.HASH_LOG);
            ctx.setChainLog(StoredJson.CHAIN_LOG);
            ctx.setChecksum(true);
            ctx.setContentSize(true);
            ctx.setDictID(true);
            ctx.loadDict(bytes);
        }
        try {
            int bound = (int) Zstd.compressBound(text.length);
            byte[] into = c.buffer;
            if (into.length < bound) {
                into = new byte[bound];
                if (bound <= Compressor.KEPT_BUFFER) { // a body near the request limit does not stay with the context
                    c.buffer = into;
                }
            }
            int size = c.ctx.compressByteArray(into, 0, into.length, text, 0, text.length);
            return Arrays.copyOf(into, size);
        } finally {
            idle.offerFirst(c);
        }
    }

    /** The bytes of a frame made with this dictionary, of the size its header states. */
    byte[] decompress(byte[] frame, int size) {
        ZstdDictDecompress d = decompress;
        if (d == null) {
            synchronized (this) {
                if (decompress == null) {
                    decompress = new ZstdDictDecompress(bytes);
                }
                d = decompress;
            }
        }
        return Zstd.decompress(frame, d, size);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return kind.column() + " dictionary " + id + " (" + bytes.length + " bytes, sha256 " + sha256 + ")";
    }
}
