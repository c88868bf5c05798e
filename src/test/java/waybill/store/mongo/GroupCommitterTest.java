package waybill.store.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class GroupCommitterTest {
    @Test
    void writesShareTheCommitTheFirstWaitAfterThemAsksFor() {
        try (GroupCommitter c = new GroupCommitter(() -> {})) {
            long last = 0;
            for (int i = 0; i < 256; i++) {
                last = c.written(); // a sweep's firings: written, not yet waited for
            }
            c.await(last);
            assertEquals(1, c.commits(), "one commit for the batch, made when its wait began");
            c.await(1); // covered: no commit
            c.awaitDurable(); // nothing written since: a commit of nothing, still answered
            assertEquals(2, c.commits());
        }
    }
}
