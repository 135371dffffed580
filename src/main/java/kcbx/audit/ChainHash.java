package kcbx.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hashes of the audit chain. A record's content hash is the SHA-256 of the UTF-8 bytes of its
 * canonical JSON text; its chain hash is the SHA-256 of
 * {@code seq|recordType|recordId|recordedAtMs|contentHash|prevHash}, where prevHash is the chain
 * hash of the record before it (64 zeros before the first). Used by the service and by the offline
 * {@link VerifyExport}, so an export is checked with exactly the service's arithmetic.
 */
public final class ChainHash {
    public static final String GENESIS = "0".repeat(64);

    private ChainHash() {
    }

    public static String sha256(String text) {
        return HexFormat.of().formatHex(newSha256().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** A SHA-256 to feed piece by piece (a digest over many rows). */
    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String link(long seq, String recordType, String recordId, long recordedAtMs, String contentHash,
                              String prevHash) {
        return sha256(seq + "|" + recordType + "|" + recordId + "|" + recordedAtMs + "|" + contentHash + "|" + prevHash);
    }
}
