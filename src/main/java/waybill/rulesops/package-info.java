/**
 * The rules' life cycle: the active rulebook and the only way to change it (RulesHolder: compile,
 * gate, swap, retire), the activation history and log, reload failures, the watcher of the rules
 * folder, and dry runs of a candidate (CandidateDryRun, DryRun). Imports the engine, scenarios and
 * the decision service; never HTTP.
 */
package waybill.rulesops;
