package kcbx.system;

/**
 * The database could not be reached or did not answer (see {@link StorageFailure}): nothing was
 * recorded, and the caller may retry. Thrown by the stores; only the HTTP edge
 * ({@link StorageUnavailableHandler}) turns it into a problem.
 */
public class StorageUnavailableException extends RuntimeException {
    /** What could not be done, which is what the caller is told. */
    public enum Failed {
        /** A decision (or a reconciliation) could not be recorded, so none is returned. */
        RECORD,
        /** Something ({@link #what()}) could not be read. */
        READ,
        /** The caller's credential could not be checked. */
        CREDENTIAL_CHECK,
        /** No database connection could be had at all. */
        CONNECTION
    }

    private final Failed failed;
    private final String what;

    private StorageUnavailableException(Failed failed, String what, String logged, Throwable cause) {
        super(logged + ": " + StorageFailure.describe(cause), cause);
        this.failed = failed;
        this.what = what;
    }

    /** {@code what} (for the log: "3 decisions could not be stored") failed to be recorded. */
    public static StorageUnavailableException notRecorded(String what, Throwable cause) {
        return new StorageUnavailableException(Failed.RECORD, what, what, cause);
    }

    /** {@code what} ("The ledger", shown to the caller) could not be read. */
    public static StorageUnavailableException notRead(String what, Throwable cause) {
        return new StorageUnavailableException(Failed.READ, what, what + " could not be read", cause);
    }

    public static StorageUnavailableException credentialNotChecked(Throwable cause) {
        return new StorageUnavailableException(Failed.CREDENTIAL_CHECK, "The credential", "The credential could not be checked", cause);
    }

    public static StorageUnavailableException noConnection(Throwable cause) {
        return new StorageUnavailableException(Failed.CONNECTION, "The database", "No database connection", cause);
    }

    public Failed failed() {
        return failed;
    }

    public String what() {
        return what;
    }
}
