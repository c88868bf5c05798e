/**
 * Time that can be injected: the manual clock and a due timer (Due). Imports no other Waybill
 * package.
 */
package waybill.timers;
