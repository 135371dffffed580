package kcbx.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;

/**
 * Who may still record, asked once for each group of decisions as it is written, in the group's
 * own transaction (on its connection, before the chain's head is locked): a request let in on
 * what its credential was a moment ago (see {@code Credentials}) is recorded only if the
 * credential is still accepted when its decision is. Security implements it; the store knows
 * nothing of credentials but the actor names it records.
 */
public interface ActorScreen {

    /**
     * The actors among {@code actors} (names as recorded: {@code credential:<id>}, an identity
     * provider's subject, a host user) that may no longer record, read now through
     * {@code connection}, the group's, in its transaction.
     *
     * @throws SQLException a storage failure, when that cannot be told
     */
    Set<String> refused(Connection connection, Set<String> actors) throws SQLException;
}
