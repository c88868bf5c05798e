/**
 * The one door to the Azure Import/Export contract: the wire shapes of the REST API and AzureJobs,
 * the one mapping between them and the model. Imports only the model (job, drive); the engine must
 * not import it (facts carry the customer's request bodies and map them through it).
 */
package waybill.azure;
