/**
 * The operators' read models behind {@code /ops/jobs}, {@code /ops/job}, {@code /ops/calendar} and
 * {@code /ops/rules/diagram} and the console that shows them: the job board, a job's projected timeline
 * and its past states, the calendar of due work, and the state machines the active rules make.
 */
package waybill.ops;
