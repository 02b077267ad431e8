; Blijf Desktop: Windows installer (Inno Setup 6).
;
; Build the folder first (python packaging\build.py), then from the repo root:
;   "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 packaging\windows\blijf-desktop.iss
; Output: dist\installer\blijf-desktop-<version>-setup.exe
;
; Per-machine install into Program Files (administrator rights). The install folder holds only
; the program: the app never writes there. Each user's store, key file and backups live in
; %LOCALAPPDATA%\Blijf Groep\Blijf Desktop, which this installer neither creates nor removes, so
; uninstalling or upgrading never touches personal data.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "Blijf Desktop"
#define AppExe "blijf-desktop.exe"
#define Root "..\.."

[Setup]
; A fixed id: upgrades replace the same installation. Never change it.
AppId={{5B0E2C61-8F4A-4E57-9C3D-7A1B6E9F2D40}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Blijf Groep
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
DisableDirPage=auto
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir={#Root}\dist\installer
OutputBaseFilename=blijf-desktop-{#AppVersion}-setup
SetupIconFile={#Root}\build\pyinstaller\blijf-desktop.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes
ShowLanguageDialog=no

[Languages]
Name: "dutch"; MessagesFile: "compiler:Languages\Dutch.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade starts from a clean program folder (no stale libraries from the previous version).
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#Root}\dist\blijf-desktop\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent unchecked runasoriginaluser

; No [UninstallDelete]: only the files installed above are removed. The users' stores in
; %LOCALAPPDATA% stay; removing one is a decision for the functioneel beheerder, after a backup.
