/**
 * The decision service: load a job, decide a fact with the engine, commit with optimistic retry and
 * factId idempotency (Processor), the service's counted door to it (Decisions), due timers
 * (TimerSweeper), metrics, rehearsals of recorded facts in memory, and where new rules would put the
 * open jobs' deadlines (Retiming). Imports the engine, the
 * model and the storage ports; never HTTP.
 */
package waybill.decision;
