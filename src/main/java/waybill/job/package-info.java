/**
 * The model of a job: Job, its id, states, deadlines and shipping details, and the log of its state
 * changes. Imports drive only; nothing of the engine, HTTP, the store or the Azure wire shapes.
 */
package waybill.job;
