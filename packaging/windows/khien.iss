; Inno Setup 6 script for Khiên on Windows (64-bit, per-machine).
;
; Build the program first (packaging/README.md), then from this folder:
;     "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" khien.iss
; The version comes from the built khien.exe (whose version resource the PyInstaller spec
; reads from pyproject.toml); the installer lands in dist\.
;
; What it does:
; - installs for every user in Program Files (administrator rights), with a Start-menu
;   folder (Khiên, its self-test, uninstall) and, if ticked, a desktop shortcut;
; - speaks Vietnamese (default) or English;
; - refuses to install over a newer Khiên, or on a computer where a newer Khiên already
;   opened this user's records (the older one could not open them);
; - removes the program but keeps the officers' records (%LOCALAPPDATA%\Khien) unless the
;   person uninstalling asks, and answers a second warning, to delete them too
;   (silent uninstall: only with /REMOVEDATA).

#define AppName "Khiên"
#define AppExe "khien.exe"
#define AppGuid "{4FAF6FD2-DC52-487A-8F80-326F29CD1EA9}"
#define BuildDir AddBackslash(SourcePath) + "..\..\dist\khien"
#ifndef AppVersion
  #define AppVersion GetStringFileInfo(BuildDir + "\" + AppExe, "ProductVersion")
#endif
#if AppVersion == ""
  #error dist\khien\khien.exe is missing or has no version: build it first (packaging\README.md)
#endif
; The folder of the officers' records (platformdirs' user data folder, desktop/core/paths.py).
#define DataDir "{localappdata}\Khien"

[Setup]
AppId={#StringChange(AppGuid, "{", "{{")}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Khiên team
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
DefaultDirName={autopf}\Khien
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0.17763
OutputDir=..\..\dist
OutputBaseFilename=khien-{#AppVersion}-windows-x64-setup
SetupIconFile=..\..\resources\icons\khien.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName} {#AppVersion}
WizardStyle=modern
Compression=lzma2/max
SolidCompression=yes
ShowLanguageDialog=yes
CloseApplications=yes
RestartApplications=no
SetupLogging=yes
; The records are per user on purpose; the uninstaller only ever touches the current user's.
UsedUserAreasWarning=no

[Languages]
Name: "vi"; MessagesFile: "Vietnamese.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
vi.SelfTest=Kiểm tra bản cài đặt Khiên
en.SelfTest=Check the Khiên installation
vi.RunSelfTest=Kiểm tra bản cài đặt ngay (mở một cửa sổ lệnh)
en.RunSelfTest=Check the installation now (opens a command window)
vi.NewerInstalled=Máy này đã cài Khiên %1, mới hơn phiên bản %2 của bộ cài này.%n%nKhông thể cài phiên bản cũ đè lên phiên bản mới: phiên bản mới có thể đã nâng cấp dữ liệu, và phiên bản cũ sẽ không mở được. Hãy giữ phiên bản đang có, hoặc dùng bộ cài Khiên %1 trở lên.
en.NewerInstalled=Khiên %1 is installed on this computer, newer than version %2 in this installer.%n%nAn older version cannot be installed over a newer one: the newer version may already have upgraded the records, and the older one could not open them. Keep the installed version, or use an installer of Khiên %1 or later.
vi.NewerProfile=Dữ liệu Khiên của tài khoản Windows này (%1) đã được Khiên %2 mở, mới hơn phiên bản %3 của bộ cài này.%n%nPhiên bản cũ không mở được dữ liệu đã được phiên bản mới nâng cấp. Hãy cài Khiên %2 trở lên.
en.NewerProfile=The Khiên records of this Windows account (%1) were opened by Khiên %2, newer than version %3 in this installer.%n%nAn older version cannot open records a newer one has upgraded. Install Khiên %2 or later.
vi.RemoveData=Xóa luôn dữ liệu Khiên của tài khoản Windows này?%n%n%1%n%nThư mục này chứa mọi hồ sơ, bản sao lưu và khóa mã hóa của máy. Những gì chưa đồng bộ lên tỉnh sẽ mất vĩnh viễn.%n%nChọn Không để giữ lại dữ liệu (khuyến nghị): cài lại Khiên sẽ dùng tiếp được.
en.RemoveData=Also delete the Khiên records of this Windows account?%n%n%1%n%nThis folder holds every record, backup and encryption key of this computer. Whatever was not synced to the province is lost for good.%n%nChoose No to keep the records (recommended): Khiên installed again uses them.
vi.RemoveDataSure=Xác nhận lần cuối: xóa vĩnh viễn %1?
en.RemoveDataSure=Last confirmation: delete %1 for good?
vi.DataKept=Dữ liệu Khiên được giữ lại trong %1.
en.DataKept=The Khiên records were kept in %1.

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[InstallDelete]
; Files of an older version that this one no longer ships must not linger beside it.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#BuildDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"
Name: "{group}\{cm:SelfTest}"; Filename: "{cmd}"; Parameters: "/k """"{app}\khien-cli.exe"" --lang {language} selftest"""; WorkingDir: "{app}"; IconFilename: "{app}\{#AppExe}"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent runasoriginaluser
Filename: "{cmd}"; Parameters: "/k """"{app}\khien-cli.exe"" --lang {language} selftest"""; Description: "{cm:RunSelfTest}"; Flags: nowait postinstall skipifsilent runasoriginaluser unchecked

[UninstallDelete]
; Only the program folder (Python may leave compiled files in it). Never the records.
Type: filesandordirs; Name: "{app}\_internal"

[Code]
function VersionPart(var S: String): Integer;
var
  P: Integer;
begin
  P := Pos('.', S);
  if P = 0 then
  begin
    Result := StrToIntDef(Trim(S), 0);
    S := '';
  end
  else
  begin
    Result := StrToIntDef(Copy(S, 1, P - 1), 0);
    Delete(S, 1, P);
  end;
end;

{ 1 when A is newer than B, -1 when older, 0 when the same (major.minor.patch.build). }
function CompareVersions(A, B: String): Integer;
var
  I, X, Y: Integer;
begin
  Result := 0;
  for I := 1 to 4 do
  begin
    X := VersionPart(A);
    Y := VersionPart(B);
    if X <> Y then
    begin
      if X > Y then Result := 1 else Result := -1;
      Exit;
    end;
  end;
end;

function InstalledVersion(): String;
var
  Key: String;
begin
  Key := 'Software\Microsoft\Windows\CurrentVersion\Uninstall\{#AppGuid}_is1';
  if not RegQueryStringValue(HKLM64, Key, 'DisplayVersion', Result) then
    if not RegQueryStringValue(HKLM32, Key, 'DisplayVersion', Result) then
      if not RegQueryStringValue(HKCU, Key, 'DisplayVersion', Result) then
        Result := '';
end;

{ The newest Khiên that opened this user's records writes its version there (desktop/ui/app.py). }
function ProfileVersion(): String;
var
  Text: AnsiString;
begin
  Result := '';
  if LoadStringFromFile(ExpandConstant('{#DataDir}\khien-version.txt'), Text) then
    Result := Trim(String(Text));
end;

function InitializeSetup(): Boolean;
var
  Installed, Profile: String;
begin
  Result := True;
  Installed := InstalledVersion();
  if (Installed <> '') and (CompareVersions(Installed, '{#AppVersion}') > 0) then
  begin
    SuppressibleMsgBox(FmtMessage(CustomMessage('NewerInstalled'), [Installed, '{#AppVersion}']),
      mbCriticalError, MB_OK, IDOK);
    Result := False;
    Exit;
  end;
  Profile := ProfileVersion();
  if (Profile <> '') and (CompareVersions(Profile, '{#AppVersion}') > 0) then
  begin
    SuppressibleMsgBox(FmtMessage(CustomMessage('NewerProfile'),
      [ExpandConstant('{#DataDir}'), Profile, '{#AppVersion}']), mbCriticalError, MB_OK, IDOK);
    Result := False;
  end;
end;

function RemoveDataAsked(): Boolean;
var
  I: Integer;
begin
  Result := False;
  for I := 1 to ParamCount do
    if CompareText(ParamStr(I), '/REMOVEDATA') = 0 then
      Result := True;
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  Data: String;
  Remove: Boolean;
begin
  if CurUninstallStep <> usPostUninstall then
    Exit;
  Data := ExpandConstant('{#DataDir}');
  if not DirExists(Data) then
    Exit;
  if UninstallSilent() then
    Remove := RemoveDataAsked()
  else
    Remove := (MsgBox(FmtMessage(CustomMessage('RemoveData'), [Data]), mbConfirmation,
                      MB_YESNO or MB_DEFBUTTON2) = IDYES)
              and (MsgBox(FmtMessage(CustomMessage('RemoveDataSure'), [Data]), mbError,
                          MB_YESNO or MB_DEFBUTTON2) = IDYES);
  if Remove then
    DelTree(Data, True, True, True)
  else if not UninstallSilent() then
    MsgBox(FmtMessage(CustomMessage('DataKept'), [Data]), mbInformation, MB_OK);
end;
