package waybill.azure;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import waybill.job.ShippingInformation;
import waybill.json.Mappers;

/** The data centers' shipping addresses, read once from the configured YAML file. */
public final class Locations {
    public static final String TYPE = "Microsoft.ImportExport/locations";
    public static final String PREFIX = "/providers/Microsoft.ImportExport/locations/";

    /** The file's shape. */
    public record File(List<Entry> locations) {}

    /** One data center as configured. */
    public record Entry(String code, String name, Properties properties) {}

    /** The Azure {@code Location.properties}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Properties(
            String recipientName,
            String streetAddress1,
            String streetAddress2,
            String streetAddress3,
            String city,
            String stateOrProvince,
            String postalCode,
            String countryOrRegion,
            String phone,
            String email,
            String additionalShippingInformation,
            List<String> supportedCarriers,
            List<String> alternateLocations) {}

    /** A location as the REST API answers it. */
    public record Resource(String id, String name, String type, Properties properties) {
        @JsonIgnore
        public ShippingInformation shippingInformation() {
            ShippingInformation s = new ShippingInformation();
            s.setRecipientName(properties.recipientName());
            s.setStreetAddress1(properties.streetAddress1());
            s.setStreetAddress2(properties.streetAddress2());
            s.setCity(properties.city());
            s.setStateOrProvince(properties.stateOrProvince());
            s.setPostalCode(properties.postalCode());
            s.setCountryOrRegion(properties.countryOrRegion());
            s.setPhone(properties.phone());
            s.setAdditionalInformation(properties.additionalShippingInformation());
            return s;
        }
    }

    private final List<Resource> all;

    private Locations(List<Resource> all) {
        this.all = List.copyOf(all);
    }

    public static Locations load(Path file) throws IOException {
        File f = Mappers.yaml().readValue(file.toFile(), File.class);
        if (f.locations() == null || f.locations().isEmpty()) {
            throw new IOException(file + " names no locations");
        }
        return new Locations(f.locations().stream()
                .map(e -> new Resource(PREFIX + e.code(), e.name(), TYPE, answered(e.properties())))
                .toList());
    }

    /** Alternate locations are configured as codes ("westus") and answered as resource ids, as the real service did. */
    private static Properties answered(Properties p) {
        if (p == null || p.alternateLocations() == null) {
            return p;
        }
        List<String> ids = p.alternateLocations().stream()
                .map(a -> a.startsWith("/") ? a : PREFIX + a)
                .toList();
        return new Properties(
                p.recipientName(),
                p.streetAddress1(),
                p.streetAddress2(),
                p.streetAddress3(),
                p.city(),
                p.stateOrProvince(),
                p.postalCode(),
                p.countryOrRegion(),
                p.phone(),
                p.email(),
                p.additionalShippingInformation(),
                p.supportedCarriers(),
                ids);
    }

    /** The display name of the location a job names by name or code ("westus" is "West US"); unknown: as given. */
    public String displayName(String nameOrCode) {
        return find(nameOrCode).map(Resource::name).orElse(nameOrCode);
    }

    public List<Resource> all() {
        return all;
    }

    /** A location by display name ("West US") or code ("westus"), ignoring case and spaces. */
    public Optional<Resource> find(String nameOrCode) {
        if (nameOrCode == null) {
            return Optional.empty();
        }
        String key = normal(nameOrCode);
        return all.stream()
                .filter(r -> normal(r.name()).equals(key)
                        || normal(r.id().substring(PREFIX.length())).equals(key))
                .findFirst();
    }

    public String names() {
        return String.join(", ", all.stream().map(Resource::name).toList());
    }

    private static String normal(String s) {
        return s.replace(" ", "").toLowerCase(Locale.ROOT);
    }
}
