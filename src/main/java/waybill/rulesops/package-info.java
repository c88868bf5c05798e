/**
 * The rules' life cycle: the active rulebook and the only way to change it (RulesHolder: compile,
 * gate, swap, retire), the activation history and log, reload failures, the watcher of the rules
 * folder, dry runs of a candidate (CandidateDryRun, DryRun), and the move of the open jobs' deadlines
 * after a reload that asks for it (Retimer). Imports the engine, scenarios and
 * the decision service; never HTTP.
 */
package waybill.rulesops;
