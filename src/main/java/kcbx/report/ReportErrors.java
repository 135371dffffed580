package kcbx.report;

import java.util.function.Supplier;
import kcbx.system.StorageFailure;
import kcbx.system.StorageUnavailableException;

/** A read that fails in the database is a storage failure for the caller, logged without personal data. */
final class ReportErrors {

    private ReportErrors() {
    }

    static <T> T reading(String what, Supplier<T> read) {
        try {
            return read.get();
        } catch (RuntimeException e) {
            throw StorageFailure.unavailable(e, cause -> StorageUnavailableException.notRead(what, cause));
        }
    }
}
