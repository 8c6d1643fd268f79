// Packaging for DealerDesk (`npm run dist`). electron-builder resources (icons) live in build/.
//
// A JavaScript config rather than YAML because a release build depends on its environment:
// when the signing variables are set (CSC_LINK / WIN_CSC_LINK for Windows and macOS
// certificates, APPLE_ID for notarization), signing is forced, so a release can never go out
// unsigned by accident — an unsigned Windows update would be refused by every installed app
// (electron-updater checks the publisher), and macOS would refuse an unsigned, unnotarized app.
// Without them (a developer's machine, CI) builds stay unsigned, for testing only.

/** @typedef {import('app-builder-lib').Configuration} Configuration */

const env = process.env;
const isSignedRelease = Boolean(env.CSC_LINK || env.WIN_CSC_LINK || env.CSC_NAME || env.APPLE_ID);

/**
 * The Authenticode publisher the installed apps accept updates from: exactly the subject common
 * name of the code-signing certificate. Set DEALERDESK_WIN_PUBLISHER when signing.
 */
const windowsPublisher = env.DEALERDESK_WIN_PUBLISHER || 'DealerDesk';

/**
 * Where a fresh install looks for updates before the user has configured a sync server. The
 * app replaces it with `<the configured sync server>/updates/` (electron/updater.ts); it is here
 * because electron-builder writes app-update.yml (with the publisher name) only for a publish
 * target. Builds are never uploaded anywhere: the showroom's admin copies the release files
 * into the sync server's DEALERDESK_UPDATES_DIR (server/README.md).
 */
const defaultUpdateUrl =
  env.DEALERDESK_UPDATE_URL || 'http://dealerdesk-sync.invalid:8787/updates/';

/** @type {Configuration} */
const config = {
  appId: 'com.dealerdesk.app',
  productName: 'DealerDesk',
  copyright: 'Copyright © DealerDesk',

  directories: { output: 'release', buildResources: 'build' },

  // main.cjs and preload.cjs are self-contained bundles and the renderer is built by Vite, so the
  // app needs nothing from node_modules at runtime; excluding it keeps app.asar small.
  files: [
    'dist/renderer/**',
    'dist-electron/**',
    '!dist-electron/**/*.map',
    'package.json',
    '!node_modules/**',
  ],
  asar: true,
  // No native modules: skip the rebuild step (and its toolchain requirements).
  npmRebuild: false,

  forceCodeSigning: isSignedRelease,
  publish: { provider: 'generic', url: defaultUpdateUrl },

  // Turn off Electron features the app does not use, so they cannot be abused on a user's
  // machine (electron/fuses.test.ts reads them back from a packed app).
  electronFuses: {
    runAsNode: false,
    enableCookieEncryption: true,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    grantFileProtocolExtraPrivileges: false,
  },

  linux: {
    target: ['AppImage', 'deb'],
    category: 'Office',
    maintainer: 'DealerDesk Team <team@dealerdesk.example>',
    executableName: 'dealerdesk',
    synopsis: 'Offline-first CRM for car-dealership sales consultants',
    icon: 'build/icon.png',
    // No spaces in published names: the update feed serves plain file names only.
    artifactName: '${productName}-${version}-${arch}.${ext}',
  },

  win: {
    target: ['nsis'],
    icon: 'build/icon.png',
    signtoolOptions: { publisherName: [windowsPublisher] },
    // The installed app refuses an update not signed by windowsPublisher (the default; kept
    // explicit because it is what makes a hijacked update feed harmless on Windows).
    verifyUpdateCodeSignature: true,
  },

  nsis: {
    oneClick: false,
    perMachine: false,
    allowToChangeInstallationDirectory: true,
    createDesktopShortcut: true,
    shortcutName: 'DealerDesk',
    artifactName: '${productName}-Setup-${version}.${ext}',
  },

  mac: {
    // The zip is what Squirrel.Mac updates from; the dmg is for first installs.
    target: ['dmg', 'zip'],
    category: 'public.app-category.business',
    icon: 'build/icon.png',
    hardenedRuntime: true,
    notarize: Boolean(env.APPLE_ID),
    artifactName: '${productName}-${version}-${arch}.${ext}',
  },
};

module.exports = config;
