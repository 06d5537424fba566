# What many tutorials write: the whole SDK image, run as root.
FROM mcr.microsoft.com/dotnet/sdk:10.0
WORKDIR /app
COPY . .
RUN dotnet publish -c Release -o out
CMD ["dotnet", "out/HelloApi.dll"]
