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

    private static final List<String[]> OPS = List.of(
            new String[] {
                "Microsoft.ImportExport/locations/read",
                "Location",
                "Get locations",
                "Gets the locations' shipping addresses."
            },
            new String[] {
                "Microsoft.ImportExport/jobs/write",
                "Job",
                "Create or update a job",
                "Creates or updates an import/export job."
            },
            new String[] {"Microsoft.ImportExport/jobs/read", "Job", "Get jobs", "Gets import/export jobs."},
            new String[] {
                "Microsoft.ImportExport/jobs/listBitLockerKeys/action",
                "Job",
                "List BitLocker keys",
                "Lists the BitLocker keys of a job's drives."
            },
            new String[] {"Microsoft.ImportExport/jobs/delete", "Job", "Delete a job", "Deletes an import/export job."
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
