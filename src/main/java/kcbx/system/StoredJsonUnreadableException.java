package kcbx.system;

/**
 * Stored JSON that cannot be read as the text it was stored as: not a zstd frame with its size, a
 * corrupt frame or one whose checksum fails, or a frame naming a zstd dictionary that is neither
 * shipped nor in the table json_dictionary. Never retried: the bytes are what they are.
 */
public class StoredJsonUnreadableException extends IllegalStateException {
    public StoredJsonUnreadableException(String message) {
        super(message);
    }

    public StoredJsonUnreadableException(String message, Throwable cause) {
        super(message, cause);
    }
}
