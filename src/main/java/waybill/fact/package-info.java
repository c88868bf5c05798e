/**
 * The vocabulary of what happens to a job: customer calls (which carry the customer's Azure request
 * bodies), operators' facts and TimerFired. Imports the model and azure (to build the job a request
 * asks for); nothing of the engine, HTTP or the store.
 */
package waybill.fact;
