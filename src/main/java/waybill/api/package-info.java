/**
 * The HTTP edge (Javalin): the Azure Jobs API, the operators' /ops routes (facts, actions, history,
 * rules, clock), health, metrics and documents, authentication (Auth, the gate over access) and the
 * one mapping of errors to statuses (ErrorCode, ErrorHandler). It translates; it decides nothing.
 * Only cli may import it.
 */
package waybill.api;
