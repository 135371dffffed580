package kcbx.audit;

import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * A chain append that lost to another writer of the same head and may simply be done again: a
 * deadlock (MySQL/MariaDB error 1213, SQLSTATE 40001), which is also how a Galera cluster reports
 * a transaction that failed certification against a write committed on another node, or one a
 * replicated write aborted. The whole transaction was rolled back, so redoing all of it (reading
 * the head again) stores each record exactly once. Anything else is not retried here.
 */
public final class ChainConflicts {
    /** MySQL/MariaDB ER_LOCK_DEADLOCK. */
    static final int ER_LOCK_DEADLOCK = 1213;

    private ChainConflicts() {
    }

    /**
     * A failure that tells the append to do its transaction again, as a conflict would: rows it
     * just wrote are gone (on Galera, a replicated write aborted the transaction between statements).
     */
    public static SQLException lostRace(String what) {
        return new SQLException(what, "40001", ER_LOCK_DEADLOCK);
    }

    /** MySQL/MariaDB ER_DUP_ENTRY. */
    static final int ER_DUP_ENTRY = 1062;

    /** Whether this failure, or one of its causes, is a deadlock or certification conflict. */
    static boolean isConflict(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException s && ("40001".equals(s.getSQLState()) || s.getErrorCode() == ER_LOCK_DEADLOCK)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a failure of an append the service owns may be a lost race for the head: a conflict,
     * or a duplicate key. On Galera the head's row lock holds on one node only: a write replicated
     * from another node that took the same seq is applied while this transaction runs, and its
     * insert of that seq then fails on the key (1062) before the replicated write aborts it. A
     * record's own ids are new for every attempt, so a duplicate is never the record itself.
     */
    static boolean isLostRace(Throwable e) {
        if (isConflict(e)) {
            return true;
        }
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException s && s.getErrorCode() == ER_DUP_ENTRY) {
                return true;
            }
        }
        return false;
    }

    /**
     * Waits a little before attempt {@code attempt} (1, 2, ...): a random pause that doubles up to
     * 64 ms, so two writers that keep colliding fall out of step.
     */
    static void pauseBefore(int attempt) {
        long capMs = 1L << Math.min(attempt, 6);
        LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(capMs * 1_000_000L / 2, capMs * 1_000_000L + 1));
    }
}
