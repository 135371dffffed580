package kcbx.ruleset;

import io.micronaut.http.annotation.Controller;
import kcbx.api.ProfilesApi;
import kcbx.api.model.Profile;
import kcbx.api.model.ProfileList;

@Controller
class ProfilesController implements ProfilesApi {
    private final ActiveRuleset rulesets;

    ProfilesController(ActiveRuleset rulesets) {
        this.rulesets = rulesets;
    }

    @Override
    public ProfileList listProfiles() {
        CompiledRuleset ruleset = rulesets.get();
        return new ProfileList(ruleset.version(), ruleset.profiles().values().stream()
                .map(ProfileRules::definition)
                .map(d -> new Profile(d.id(), d.name()).parent(d.parent()).sourceDocument(d.sourceDocument())
                        .issuer(d.issuer()).year(d.year()))
                .toList());
    }
}
