/**
 * The waybill command (picocli): serve, replay, check-rules, diff-rules. The composition root: the
 * one package that may import every other, the HTTP layer included.
 */
package waybill.cli;
