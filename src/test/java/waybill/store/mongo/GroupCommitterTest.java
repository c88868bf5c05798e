package waybill.store.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class GroupCommitterTest {
    @Test
    void writesNoOneWaitsForAreCommittedOnceTheirLingerEnds() throws InterruptedException {
        CountDownLatch committed = new CountDownLatch(1);
        try (GroupCommitter c = new GroupCommitter(committed::countDown, 0)) {
            c.written(); // a snapshot written behind: no one waits for it
            committed.await(); // the committer commits it on its own (a linger of 0 here, 100 ms in the service)
            assertEquals(1, c.commits());
        }
    }

    @Test
    void aBatchWrittenBeforeItsWaitSharesOneCommit() {
        try (GroupCommitter c = new GroupCommitter(() -> {}, 3_600_000)) {
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
