package kcbx.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hashes of the audit chain. A record's content hash is the SHA-256 of the UTF-8 bytes of its
 * canonical JSON text; its chain hash is the SHA-256 of
 * {@code seq|recordType|recordId|recordedAtMs|contentHash|prevHash}, where prevHash is the chain
 * hash of the record before it ({@link #genesis} of its chain before the first). Used by the service
 * and by the offline {@link VerifyExport}, so an export is checked with exactly the service's arithmetic.
 */
public final class ChainHash {
    public static final String GENESIS = "0".repeat(64);

    private ChainHash() {
    }

    /**
     * What the first record of a chain links to: 64 zeros for the chain kept before chains were
     * per county ({@link AuditChains#LEGACY}), so its records keep their hashes; the SHA-256 of
     * {@code kcbx-audit-chain|<name>} for every other chain, so a chain's records are bound to its
     * name (renaming a chain, or moving its records to another, breaks its first link).
     */
    public static String genesis(String chain) {
        return AuditChains.LEGACY.equals(chain) ? GENESIS : sha256("kcbx-audit-chain|" + chain);
    }

    public static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The same of a text's UTF-8 bytes. */
    public static String sha256(byte[] utf8) {
        return HexFormat.of().formatHex(newSha256().digest(utf8));
    }

    /** A SHA-256 to feed piece by piece (a digest over many rows). */
    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A hash as the table audit_chain stores it since V23: its 32 bytes (the hex text of
     * {@link #sha256} took 64 characters). Anything but a SHA-256 in lowercase hex (which this class
     * never makes: only a head row edited around the service can hand one to the writer) is stored
     * as no bytes, as V23 stores such a value, so the entry is written and verify names it.
     */
    public static byte[] stored(String hex) {
        if (hex == null || hex.length() != 64) {
            return new byte[0];
        }
        for (int i = 0; i < 64; i++) {
            char c = hex.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return new byte[0];
            }
        }
        return HexFormat.of().parseHex(hex);
    }

    /**
     * The hex text of a hash read from audit_chain (null: no row). A value that is not 32 bytes
     * (V23 stores a hash that was not 64 lowercase hex characters before it as no bytes at all) reads
     * as "" so that it matches no hash and verify names its record.
     */
    public static String read(byte[] stored) {
        if (stored == null) {
            return null;
        }
        return stored.length == 32 ? HexFormat.of().formatHex(stored) : "";
    }

    public static String link(long seq, String recordType, String recordId, long recordedAtMs, String contentHash,
                              String prevHash) {
        return sha256(seq + "|" + recordType + "|" + recordId + "|" + recordedAtMs + "|" + contentHash + "|" + prevHash);
    }
}
