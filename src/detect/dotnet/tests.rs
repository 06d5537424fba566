use super::*;
use crate::plan::{resolve};
use crate::model::{Choices, Plan};

use crate::detect::test_project as project;

fn plan_with(files: &[(&str, &str)], choices: Choices) -> Result<Plan> {
    let dir = project(files);
    resolve(&DirIndex::scan(dir.path()).unwrap(), &choices)
}

const WEB: &str = r#"<Project Sdk="Microsoft.NET.Sdk.Web">
  <PropertyGroup>
    <TargetFramework>net8.0</TargetFramework>
    <InvariantGlobalization>true</InvariantGlobalization>
  </PropertyGroup>
</Project>"#;

#[test]
fn one_web_project() {
    let plan = plan_with(&[("Api.csproj", WEB), ("Program.cs", "var app = WebApplication.Create(args);\napp.MapHealthChecks(\"/healthz\");\napp.Run();\n")], Choices::default()).unwrap();
    assert_eq!(plan.version.value, "8.0");
    assert!(plan.warnings.iter().any(|w| w.contains("net8.0 has been out of support since 2026-11-10")), "{:?}", plan.warnings);
    assert_eq!(plan.version.source, "Api.csproj TargetFramework net8.0");
    assert_eq!(plan.framework.as_deref(), Some("ASP.NET Core"));
    assert_eq!(plan.start, ["/app/Api"]);
    assert_eq!(plan.port.value, 8080);
    assert_eq!(plan.health_url, "http://127.0.0.1:8080/healthz");
    assert_eq!(plan.images.builder, "mcr.microsoft.com/dotnet/sdk:8.0-noble");
    assert_eq!(plan.images.runtime, "mcr.microsoft.com/dotnet/aspnet:8.0-noble-chiseled");
    assert_eq!((plan.user.uid, plan.user.name.as_str()), (1654, "app"));
    let deps = plan.deps.as_ref().unwrap();
    assert_eq!(deps.binds, ["Api.csproj"]);
    assert_eq!(deps.command, "dotnet restore Api.csproj -a \"$TARGETARCH\"");
    assert!(plan.healthcheck.is_empty(), "chiseled has nothing to probe with");
    let alpine = plan_with(&[("Api.csproj", WEB)], Choices { runtime: Some(RuntimeKind::Alpine), ..Default::default() }).unwrap();
    assert!(alpine.musl && alpine.deps.unwrap().command.ends_with("--os linux-musl"));
    assert!(!alpine.healthcheck.is_empty());
    let err = plan_with(&[("Api.csproj", WEB)], Choices { runtime: Some(RuntimeKind::Scratch), ..Default::default() }).unwrap_err().to_string();
    assert!(err.contains("needs the .NET runtime"), "{err}");
}

#[test]
fn culture_data_and_kinds_choose_the_image() {
    let web = WEB.replace("<InvariantGlobalization>true</InvariantGlobalization>", "");
    let plan = plan_with(&[("Api.csproj", &web)], Choices::default()).unwrap();
    assert_eq!(plan.images.runtime, "mcr.microsoft.com/dotnet/aspnet:8.0-noble-chiseled-extra");
    let alpine = plan_with(&[("Api.csproj", &web)], Choices { runtime: Some(RuntimeKind::Alpine), ..Default::default() }).unwrap();
    assert_eq!(alpine.section["dotnet"]["install_icu"], true);
    let worker = r#"<Project Sdk="Microsoft.NET.Sdk.Worker"><PropertyGroup><TargetFramework>net10.0</TargetFramework><AssemblyName>Jobs.Runner</AssemblyName><InvariantGlobalization>true</InvariantGlobalization></PropertyGroup></Project>"#;
    let plan = plan_with(&[("Jobs.csproj", worker)], Choices::default()).unwrap();
    assert_eq!(plan.images.runtime, "mcr.microsoft.com/dotnet/runtime:10.0-noble-chiseled");
    assert_eq!(plan.start, ["/app/Jobs.Runner"]);
    assert!(plan.warnings.iter().any(|w| w.contains("not an ASP.NET Core project")));
}

#[test]
fn a_solution_ships_its_web_project_with_its_references() {
    let sln = "Project(\"{FAE04EC0}\") = \"Api\", \"src\\Api\\Api.csproj\", \"{1}\"\nEndProject\nProject(\"{FAE04EC0}\") = \"Core\", \"src\\Core\\Core.csproj\", \"{2}\"\nEndProject\nProject(\"{FAE04EC0}\") = \"Tests\", \"tests\\Api.Tests\\Api.Tests.csproj\", \"{3}\"\nEndProject\nProject(\"{FAE04EC0}\") = \"Tool\", \"src\\Tool\\Tool.csproj\", \"{4}\"\nEndProject\n";
    let api = r#"<Project Sdk="Microsoft.NET.Sdk.Web"><ItemGroup><ProjectReference Include="..\Core\Core.csproj" /></ItemGroup></Project>"#;
    let props = "<Project><PropertyGroup><TargetFrameworks>net8.0;net9.0</TargetFrameworks><InvariantGlobalization>true</InvariantGlobalization></PropertyGroup></Project>";
    let files = [
        ("Shop.sln", sln),
        ("Directory.Build.props", props),
        ("global.json", "{\"sdk\": {\"version\": \"9.0.100\"}}"),
        ("src/Api/Api.csproj", api),
        ("src/Api/appsettings.json", "{\n  // Kestrel, from the config\n  \"Kestrel\": {\"Endpoints\": {\"Http\": {\"Url\": \"http://0.0.0.0:5080\"}}}\n}"),
        ("src/Core/Core.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\"/>"),
        ("src/Tool/Tool.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><OutputType>Exe</OutputType></PropertyGroup></Project>"),
        ("tests/Api.Tests/Api.Tests.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\"><ItemGroup><PackageReference Include=\"Microsoft.NET.Test.Sdk\" Version=\"17.0.0\"/></ItemGroup></Project>"),
    ];
    let plan = plan_with(&files, Choices::default()).unwrap();
    assert_eq!(plan.version.value, "9.0", "the newest of TargetFrameworks");
    assert_eq!(plan.port.value, 5080);
    assert_eq!(plan.deps.as_ref().unwrap().binds, ["Directory.Build.props", "global.json", "src/Api/Api.csproj", "src/Core/Core.csproj"]);
    assert!(plan.section["dotnet"]["publish"].as_str().unwrap().contains("-f net9.0"));
    assert!(plan.warnings.iter().any(|w| w.contains("several runnable projects (Api, Tool)")), "{:?}", plan.warnings);
    assert!(plan.warnings.iter().any(|w| w.contains("rollForward latestPatch")), "{:?}", plan.warnings);
    assert!(plan.section["dotnet"]["node_image"].is_null());
    let tool = plan_with(&files, Choices { main: Some("Tool".into()), ..Default::default() }).unwrap();
    assert_eq!(tool.start, ["/app/Tool"]);
    let err = plan_with(&files, Choices { main: Some("Nope".into()), ..Default::default() }).unwrap_err().to_string();
    assert!(err.contains("the runnable projects are Api, Tool"), "{err}");
}

#[test]
fn unreadable_projects_are_one_clear_line() {
    for (csproj, wanted) in [
        ("<Project Sdk=\"Microsoft.NET.Sdk.Web\"><PropertyGroup><TargetFramework>net6.0</TargetFramework></PropertyGroup></Project>", "out of support"),
        ("<Project Sdk=\"Microsoft.NET.Sdk.Web\"><PropertyGroup><TargetFramework>net8.0-windows</TargetFramework></PropertyGroup></Project>", "not Linux"),
        ("<Project Sdk=\"Microsoft.NET.Sdk.Web\"><PropertyGroup><TargetFramework>net48</TargetFramework></PropertyGroup></Project>", "is not .NET"),
        ("<Project Sdk=\"Microsoft.NET.Sdk.Web\"><PropertyGroup><TargetFramework>net8.0</TargetFramework><AssemblyName>a\"b</AssemblyName></PropertyGroup></Project>", "assembly name"),
        ("<Project Sdk=\"Microsoft.NET.Sdk.Web\"><ItemGroup><ProjectReference Include=\"..\\Lib\\Lib.csproj\"/></ItemGroup><PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup></Project>", "not in this folder"),
        ("<Project", "not well-formed XML"),
        ("<Html/>", "not <Project>"),
    ] {
        let err = plan_with(&[("App.csproj", csproj)], Choices::default()).unwrap_err().to_string();
        assert!(err.contains(wanted) && !err.contains('\n'), "{csproj}: {err}");
    }
    let err = plan_with(&[("App.csproj", WEB)], Choices { lang_version: Some("7.0".into()), ..Default::default() }).unwrap_err().to_string();
    assert!(err.contains("older than App.csproj targets (net8.0)"), "{err}");
    assert_eq!(Dotnet.normalize_version("net9").unwrap(), "9.0");
    assert!(Dotnet.normalize_version("banana").is_err());
}

#[test]
fn a_front_end_built_by_npm_gets_node_in_the_build() {
    let web = r#"<Project Sdk="Microsoft.NET.Sdk.Web"><PropertyGroup><TargetFramework>net10.0</TargetFramework><SpaRoot>ClientApp\</SpaRoot></PropertyGroup></Project>"#;
    let plan = plan_with(&[("Web.csproj", web)], Choices::default()).unwrap();
    assert_eq!(plan.section["dotnet"]["node_image"], "node:26-trixie-slim");
    let exec = r#"<Project Sdk="Microsoft.NET.Sdk.Web"><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup><Target Name="Js" BeforeTargets="Build"><Exec Command="npm ci" /></Target></Project>"#;
    let plan = plan_with(&[("Web.csproj", exec)], Choices::default()).unwrap();
    assert!(plan.section["dotnet"]["node_image"].is_string());
    // Aspire hosts and Blazor WebAssembly clients are never shipped.
    let host = r#"<Project Sdk="Microsoft.NET.Sdk"><Sdk Name="Aspire.AppHost.Sdk" Version="9.0.0" /><PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>"#;
    let wasm = r#"<Project Sdk="Microsoft.NET.Sdk.BlazorWebAssembly"><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>"#;
    let sln = "Project(\"{X}\") = \"a\", \"Host\\Host.csproj\", \"{1}\"\nEndProject\nProject(\"{X}\") = \"b\", \"Client\\Client.csproj\", \"{2}\"\nEndProject\nProject(\"{X}\") = \"c\", \"Web\\Web.csproj\", \"{3}\"\nEndProject\n";
    let plan = plan_with(&[("A.sln", sln), ("Host/Host.csproj", host), ("Client/Client.csproj", wasm), ("Web/Web.csproj", exec)], Choices::default()).unwrap();
    assert_eq!(plan.start, ["/app/Web"]);
    assert!(plan.warnings.is_empty(), "{:?}", plan.warnings);
    // TargetFramework set in Directory.Packages.props counts, as MSBuild imports it.
    let bare = r#"<Project Sdk="Microsoft.NET.Sdk.Web"></Project>"#;
    let plan = plan_with(&[("Web.csproj", bare), ("Directory.Packages.props", "<Project><PropertyGroup><TargetFramework>net9.0</TargetFramework></PropertyGroup></Project>")], Choices::default()).unwrap();
    assert_eq!(plan.version.value, "9.0");
}

#[test]
fn msbuild_names_and_a_newer_pinned_sdk() {
    let props = "<Project><PropertyGroup><TargetFramework>net10.0</TargetFramework><AssemblyName>Acme.$(MSBuildProjectName)</AssemblyName></PropertyGroup></Project>";
    let plan = plan_with(&[("Directory.Build.props", props), ("Api.csproj", "<Project Sdk=\"Microsoft.NET.Sdk.Web\"/>")], Choices::default()).unwrap();
    assert_eq!(plan.start, ["/app/Acme.Api"]);
    // global.json asks for a newer SDK than the target framework: the builder follows it.
    let files = [("Api.csproj", WEB), ("global.json", "{\"sdk\": {\"version\": \"10.0.100\", \"rollForward\": \"latestFeature\"}}")];
    let plan = plan_with(&files, Choices::default()).unwrap();
    assert_eq!(plan.images.builder, "mcr.microsoft.com/dotnet/sdk:10.0-noble");
    assert_eq!(plan.images.builder_ref, "mcr.microsoft.com/dotnet/sdk:10.0-noble");
    assert_eq!(plan.images.runtime, "mcr.microsoft.com/dotnet/aspnet:8.0-noble-chiseled");
    let same = plan_with(&[("Api.csproj", WEB), ("global.json", "{\"sdk\": {\"version\": \"8.0.400\", \"rollForward\": \"latestFeature\"}}")], Choices::default()).unwrap();
    assert_eq!(same.images.builder_ref, "mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION}-noble");
}

#[test]
fn production_settings_and_no_apphost() {
    let csproj = WEB.replace("</PropertyGroup>", "<UseAppHost>false</UseAppHost></PropertyGroup>");
    let files = [
        ("Api.csproj", csproj.as_str()),
        ("appsettings.json", r#"{"Urls": "http://0.0.0.0:5000"}"#),
        ("appsettings.Production.json", r#"{"Urls": "http://0.0.0.0:6000"}"#),
    ];
    let plan = plan_with(&files, Choices::default()).unwrap();
    assert_eq!((plan.port.value, plan.port.source.as_str()), (6000, "appsettings.Production.json Urls"));
    assert_eq!(plan.start, ["dotnet", "/app/Api.dll"]);
}

#[test]
fn a_solution_without_projects_and_paths_with_spaces_are_refused() {
    let err = plan_with(&[("A.sln", "Microsoft Visual Studio Solution File\n")], Choices::default()).unwrap_err().to_string();
    assert!(err.contains("lists no *.csproj") && !err.contains('\n'), "{err}");
    let sln = "Project(\"{X}\") = \"Api\", \"My Api\\Api.csproj\", \"{1}\"\nEndProject\n";
    let err = plan_with(&[("A.sln", sln), ("My Api/Api.csproj", WEB)], Choices::default()).unwrap_err().to_string();
    assert!(err.contains("cannot with spaces"), "{err}");
}
