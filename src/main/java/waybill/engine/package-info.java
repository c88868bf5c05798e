/**
 * The one decision function (Engine.decide), rulebooks and their loader, outcomes and the recorder.
 * Pure: no I/O, no clock, no state; imports only the model and the facts, never HTTP (io.javalin),
 * the store (com.mongodb, de.bwaldvogel, waybill.store) or the Azure wire shapes (waybill.azure).
 */
package waybill.engine;
