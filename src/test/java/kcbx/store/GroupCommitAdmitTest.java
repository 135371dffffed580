package kcbx.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** What the admit step refuses is failed alone and never written; a failing admit fails its group. */
class GroupCommitAdmitTest {

    @Test
    void aRefusedItemFailsAloneAndIsNotWritten() {
        List<String> written = new ArrayList<>();
        IllegalStateException refusal = new IllegalStateException("revoked");
        GroupCommit<String, String> groups = new GroupCommit<>(8,
                items -> items.stream().map(i -> i.startsWith("revoked") ? (RuntimeException) refusal : null).toList(),
                items -> {
                    written.addAll(items);
                    return items.stream().map(i -> "ok:" + i).toList();
                },
                e -> false, Runnable::run);
        assertEquals("ok:a", groups.submit("chain", "a").join());
        assertSame(refusal, assertThrows(CompletionException.class, () -> groups.submit("chain", "revoked-b").join()).getCause());
        assertEquals("ok:c", groups.submit("chain", "c").join());
        assertEquals(List.of("a", "c"), written);
    }

    @Test
    void anAdmitThatCannotTellFailsTheGroupAndWritesNothing() {
        List<String> written = new ArrayList<>();
        RuntimeException down = new RuntimeException("database down");
        GroupCommit<String, String> groups = new GroupCommit<>(8, items -> {
            throw down;
        }, items -> {
            written.addAll(items);
            return items;
        }, e -> true, Runnable::run);
        assertSame(down, assertThrows(CompletionException.class, () -> groups.submit("chain", "a").join()).getCause());
        assertEquals(List.of(), written);
    }
}
