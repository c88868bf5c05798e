/**
 * The one door to the Azure Import/Export contract: the wire shapes of the REST API, AzureJobs (the one
 * mapping between them and the model) and Locations (the Azure Location resources). Imports only the
 * model (job, drive) and json; the engine must not import it (facts carry the customer's request bodies
 * and map them through it).
 */
package waybill.azure;
