/**
 * Time that can be injected: the manual clock and a due timer (Due, which names its deadline with the
 * job's DeadlineName). Imports only the job model's deadline names; nothing else of Waybill.
 */
package waybill.timers;
