package waybill.api;

import static waybill.api.ApiVersion.required;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import waybill.access.ApiKeys.Principal;
import waybill.access.Role;
import waybill.azure.JobDetails;
import waybill.azure.Locations;
import waybill.azure.PutJobParameters;
import waybill.azure.UpdateJobParameters;
import waybill.decision.Decisions;
import waybill.drive.Drive;
import waybill.engine.Decision;
import waybill.fact.CreateJob;
import waybill.fact.DeleteJob;
import waybill.fact.Fact;
import waybill.fact.UpdateJob;
import waybill.job.Job;
import waybill.job.JobId;
import waybill.store.Store;

/** The Azure Import/Export Jobs resource (api.md §1): create, get, update, delete, list, BitLocker keys. */
final class JobsRoutes {
    static final String JOB =
            "/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.ImportExport/jobs/{jobName}";
    static final String BY_GROUP = "/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.ImportExport/jobs";
    static final String BY_SUBSCRIPTION = "/subscriptions/{sub}/providers/Microsoft.ImportExport/jobs";

    private final Decisions decisions;
    private final Store store;
    private final Locations locations;
    private final ApiJson json;
    private final JobListing listing;

    JobsRoutes(
            Decisions decisions,
            Store store,
            Locations locations,
            ApiJson json,
            waybill.config.PublicLinks links,
            java.util.function.IntSupplier port) {
        this.decisions = decisions;
        this.store = store;
        this.locations = locations;
        this.json = json;
        this.listing = new JobListing(store, locations, links, port);
    }

    void register(RoutesConfig r) {
        r.put(JOB, required(this::create));
        r.get(JOB, required(this::get));
        r.patch(JOB, required(this::update));
        r.delete(JOB, required(this::delete));
        r.post(JOB + "/listBitLockerKeys", required(this::bitLockerKeys));
        r.get(BY_GROUP, required(ctx -> listing.list(ctx, ctx.pathParam("sub"), ctx.pathParam("rg"))));
        r.get(BY_SUBSCRIPTION, required(ctx -> listing.list(ctx, ctx.pathParam("sub"), null)));
    }

    private void create(Context ctx) {
        PutJobParameters body = json.read(
                ctx.body(), PutJobParameters.class, "a Jobs_Create body (PutJobParameters)", "PutJobParameters");
        if (body.getLocation() != null && !body.getLocation().isBlank()) {
            Locations.Resource dc = locations
                    .find(body.getLocation())
                    .orElseThrow(() -> new ApiException(
                            ErrorCode.InvalidLocation,
                            "location '" + body.getLocation() + "' has no Import/Export data center; use one of "
                                    + locations.names(),
                            "location"));
            if (body.getProperties() == null) {
                body.setProperties(new JobDetails());
            }
            // The data center's address is the service's to fill, whatever the request says.
            body.getProperties().setShippingInformation(dc.shippingInformation());
        }
        if (body.getProperties() != null) {
            JobView.blankStreetAddress2(body.getProperties().getReturnAddress());
        }
        Principal caller = Auth.principal(ctx);
        if (caller != null && caller.role() == Role.CUSTOMER) {
            LinkedResources.checkStorageAccount(body, caller.subscriptions());
        }
        CreateJob fact = new CreateJob();
        fact.setRequest(body);
        Decision d = decide(ctx, fact);
        ctx.status(201).json(JobView.created(d.job(), ctx));
    }

    private void get(Context ctx) {
        ctx.json(JobView.read(visible(ctx), locations, ctx));
    }

    private void update(Context ctx) {
        UpdateJobParameters body = json.read(
                ctx.body(),
                UpdateJobParameters.class,
                "a Jobs_Update body (UpdateJobParameters)",
                "UpdateJobParameters");
        if (body.getProperties() != null) {
            JobView.blankStreetAddress2(body.getProperties().getReturnAddress());
        }
        UpdateJob fact = new UpdateJob();
        fact.setRequest(body);
        Decision d = decide(ctx, fact);
        ctx.json(JobView.read(d.job(), locations, ctx));
    }

    private void delete(Context ctx) {
        decide(ctx, new DeleteJob());
        ctx.status(200);
    }

    private void bitLockerKeys(Context ctx) {
        List<Map<String, String>> keys = new ArrayList<>();
        for (Drive d : visible(ctx).getDrives()) {
            keys.add(
                    d.getBitLockerKey() == null
                            ? Map.of("driveId", d.getDriveId())
                            : Map.of("driveId", d.getDriveId(), "bitLockerKey", d.getBitLockerKey()));
        }
        ctx.json(Map.of("value", keys));
    }

    private Decision decide(Context ctx, Fact fact) {
        fact.setJobId(jobId(ctx));
        fact.setSubmittedBy(Auth.name(ctx));
        Decision d = decisions.submit(fact);
        if (!d.accepted()) {
            throw Refusals.of(d);
        }
        return d;
    }

    /** The job the path names, if the customer created it: a job only known from an arrived package is not visible. */
    private Job visible(Context ctx) {
        String id = jobId(ctx);
        return store.find(id)
                .filter(Job::isRegistered)
                .orElseThrow(() -> new ApiException(
                        ErrorCode.ResourceNotFound,
                        "job " + ctx.pathParam("jobName") + " does not exist in resource group " + ctx.pathParam("rg")
                                + "; create it with PUT",
                        id));
    }

    static String jobId(Context ctx) {
        return new JobId(ctx.pathParam("sub"), ctx.pathParam("rg"), ctx.pathParam("jobName")).id();
    }
}
