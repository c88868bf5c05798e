/**
 * What the rules' history is made of: an activation (revision, trigger, changed files, counts) and the
 * port that keeps activations (ActivationLog), which the store implements. Its own package so that the
 * store can keep the history without depending on the rules' life cycle, which itself uses the store:
 * it imports only json, and nothing of rulesops, the store or HTTP.
 */
package waybill.rulesops.history;
