# A typical nixpkgs package, for the snapshot.
{ lib
, stdenv
, fetchFromGitHub
, cmake
, openssl ? null
, withTests ? true
, ...
}@args:

let
  inherit (lib) optional optionals;
  pname = "example";
in
stdenv.mkDerivation (finalAttrs: rec {
  inherit pname;
  version = "1.2.3";

  src = fetchFromGitHub {
    owner = "example";
    repo = pname;
    rev = "v${finalAttrs.version}";
    hash = "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
  };

  patches = [ ./fix-build.patch ./patches/${version}/cve.patch ];

  nativeBuildInputs = [ cmake ];
  buildInputs = optional (openssl != null) openssl;

  cmakeFlags = [
    (lib.cmakeBool "BUILD_TESTING" withTests)
    "-DVERSION=${version}"
  ];

  postPatch = ''
    substituteInPlace CMakeLists.txt \
      --replace-fail '$'{CMAKE_INSTALL_PREFIX} $out
    echo "''${HOME} is not interpolated, ''' is a quote"
  '';

  doCheck = withTests && stdenv.buildPlatform.canExecute stdenv.hostPlatform;
  passthru.tests = builtins.mapAttrs (name: value: value) { };

  meta = with lib; {
    description = "An example";
    homepage = "https://example.org";
    license = licenses.mit;
    platforms = platforms.unix;
    broken = stdenv.isDarwin || !(args ? cmake);
    maintainers = [ ];
  };
})
