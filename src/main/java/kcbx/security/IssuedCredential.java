package kcbx.security;

import java.util.List;

/**
 * A credential just issued: the only moment its bearer token exists outside the client. The
 * token is {@code kcbx_<credentialId>_<secret>}; the credential id alone is safe to log.
 */
public record IssuedCredential(String credentialId, String token, List<Role> roles, List<String> schools) {
    @Override
    public String toString() {
        return "IssuedCredential[" + credentialId + ", roles=" + roles + ", schools=" + schools + "]";
    }
}
