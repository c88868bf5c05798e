package waybill.api;

import static waybill.api.ApiVersion.required;

import io.javalin.config.RoutesConfig;
import java.util.List;
import java.util.Map;
import waybill.azure.Locations;

/** Locations_List, Locations_Get and Operations_List: what the provider offers, independent of any job. */
final class ProviderRoutes {
    static final String LOCATIONS = "/providers/Microsoft.ImportExport/locations";
    static final String OPERATIONS = "/providers/Microsoft.ImportExport/operations";

    /** The provider's operations as the REST specification documents them (its ListOperations example). */
    private static final List<String[]> OPS = List.of(
            new String[] {
                "Microsoft.ImportExport/locations/read",
                "Locations",
                "Get or List Locations",
                "Gets the properties for the specified location or returns the list of locations."
            },
            new String[] {
                "Microsoft.ImportExport/jobs/write",
                "Jobs",
                "Create or Update Job",
                "Creates a job with the specified parameters or update the properties or tags for the specified job."
            },
            new String[] {
                "Microsoft.ImportExport/jobs/read",
                "Jobs",
                "Get or List Jobs",
                "Gets the properties for the specified job or returns the list of jobs."
            },
            new String[] {
                "Microsoft.ImportExport/jobs/listBitLockerKeys/action",
                "Jobs",
                "List BitLocker Keys",
                "Gets the BitLocker keys for the specified job."
            },
            new String[] {"Microsoft.ImportExport/jobs/delete", "Jobs", "Delete Job", "Deletes an existing job."},
            new String[] {
                "Microsoft.ImportExport/register/action",
                "Import/Export Resource Provider",
                "Registers the Import/Export Resource Provider",
                "Registers the subscription for the import/export resource provider and enables the creation of "
                        + "import/export jobs."
            });

    private final Locations locations;

    ProviderRoutes(Locations locations) {
        this.locations = locations;
    }

    void register(RoutesConfig r) {
        r.get(LOCATIONS, required(ctx -> ctx.json(Map.of("value", locations.all()))));
        r.get(
                LOCATIONS + "/{locationName}",
                required(ctx -> ctx.json(locations
                        .find(ctx.pathParam("locationName"))
                        .orElseThrow(() -> new ApiException(
                                ErrorCode.ResourceNotFound,
                                "location '" + ctx.pathParam("locationName")
                                        + "' has no Import/Export data center; known: " + locations.names(),
                                "locationName")))));
        r.get(
                OPERATIONS,
                required(ctx -> ctx.json(Map.of(
                        "value",
                        OPS.stream()
                                .map(o -> Map.of(
                                        "name",
                                        o[0],
                                        "display",
                                        Map.of(
                                                "provider",
                                                "Microsoft Import/Export",
                                                "resource",
                                                o[1],
                                                "operation",
                                                o[2],
                                                "description",
                                                o[3])))
                                .toList()))));
    }
}
