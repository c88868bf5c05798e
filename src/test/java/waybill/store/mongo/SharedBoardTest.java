package waybill.store.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static waybill.store.StoreTestSupport.T0;
import static waybill.store.StoreTestSupport.create;
import static waybill.store.StoreTestSupport.jobId;
import static waybill.store.StoreTestSupport.rules;
import static waybill.store.StoreTestSupport.update;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import waybill.decision.Processor;
import waybill.engine.Rulebook;
import waybill.ops.BoardQuery;
import waybill.ops.JobBoard;
import waybill.ops.JobRow;
import waybill.store.Store;
import waybill.timers.ManualClock;

/**
 * The board on a store other instances write to is asked of the store's indexes (shared read model),
 * and answers what the board kept in memory answers on the embedded store's own read model.
 */
class SharedBoardTest {
    @TempDir
    Path shared;

    @TempDir
    Path single;

    @Test
    void theSharedStoresBoardAnswersAsTheBoardInMemoryDoes() throws Exception {
        Rulebook rb = rules();
        try (Store s = StoreFactory.embedded(shared, ReadModel.Kind.SHARED);
                Store m = StoreFactory.embedded(single, ReadModel.Kind.SINGLE_WRITER)) {
            assertTrue(s.opsReads().shared());
            assertFalse(m.opsReads().shared());
            for (Store store : List.of(s, m)) {
                Processor p = new Processor(() -> rb, store, new ManualClock(T0));
                p.submit(create(jobId("s1", "alpha"), null));
                p.submit(create(jobId("s1", "beta"), null));
                p.submit(create(jobId("s2", "gamma"), null));
                p.submit(update(jobId("s1", "beta"), null, "{\"properties\": {\"state\": \"Shipping\"}}"));
            }
            JobBoard sharedBoard = new JobBoard(s);
            JobBoard memoryBoard = new JobBoard(m);
            List<BoardQuery> queries = List.of(
                    new BoardQuery(null, null, null, null, null, null, 50),
                    new BoardQuery("Shipping", null, null, null, null, null, 50),
                    new BoardQuery(null, "s1", "rg", null, null, null, 50),
                    new BoardQuery(null, null, null, "AMM", null, null, 50),
                    new BoardQuery(null, null, null, null, Set.of("s2"), null, 50),
                    new BoardQuery(null, "s1", null, null, Set.of("s2"), null, 50),
                    new BoardQuery(null, null, null, null, null, jobId("s1", "alpha"), 1));
            for (BoardQuery q : queries) {
                JobBoard.Page a = sharedBoard.page(q);
                JobBoard.Page b = memoryBoard.page(q);
                assertEquals(ids(b.rows()), ids(a.rows()), q.toString());
                assertEquals(b.counts(), a.counts(), q.toString());
                assertEquals(b.total(), a.total(), q.toString());
                assertEquals(b.next(), a.next(), q.toString());
            }
            JobBoard.Page first = sharedBoard.page(new BoardQuery(null, null, null, null, null, null, 2));
            assertEquals(2, first.rows().size());
            assertNotNull(first.next());
            assertEquals(
                    1,
                    sharedBoard
                            .page(new BoardQuery("Shipping", null, null, null, null, null, 50))
                            .total());
            assertEquals(
                    List.of(jobId("s2", "gamma")),
                    ids(sharedBoard
                            .page(new BoardQuery(null, null, null, null, Set.of("s2"), null, 50))
                            .rows()));
            assertNull(sharedBoard
                    .page(new BoardQuery(null, null, null, null, null, null, 50))
                    .next());
        }
    }

    private static List<String> ids(List<JobRow> rows) {
        return rows.stream().map(JobRow::id).toList();
    }
}
