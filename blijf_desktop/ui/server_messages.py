"""What a user is told when the server cannot be reached or trusted (server mode, issue 23):
what happened, that nothing was sent or lost, and who can help. Never libpq's English text,
never a host or user name."""

from blijf_desktop.i18n import _
from blijf_desktop.services import errors as service_errors

def server_message(error: service_errors.ServerError) -> str:
    kind = type(error)
    if kind in _UNTRUSTED:
        return f"{_UNTRUSTED[kind]()} " + _(
            "Er is geen verbinding gemaakt en er is niets verstuurd.") + " " + _(
            "Neem contact op met uw functioneel beheerder; werk niet verder via een andere weg.")
    messages = {
        service_errors.ServerCaMissing: _(
            "Het certificaatbestand van uw organisatie ontbreekt of is niet te lezen. Vraag uw "
            "functioneel beheerder om het bestand en de plek waar het hoort te staan."),
        service_errors.ServerLoginRefused: _(
            "De server weigerde de aanmelding. Controleer uw gebruikersnaam en wachtwoord; "
            "lukt het dan nog niet, vraag uw functioneel beheerder of uw account toegang heeft."),
        service_errors.ServerUnreachable: _(
            "De server is nu niet bereikbaar: hij wordt misschien herstart, of het netwerk is "
            "weg. Wat al opgeslagen was, staat veilig op de server. Probeer het over enkele "
            "ogenblikken opnieuw."),
        service_errors.ServerSchemaMissing: _(
            "De database op de server is nog niet ingericht voor deze versie van Blijf Desktop. "
            "Vraag uw beheerder 'blijf-desktop server init' uit te voeren."),
        service_errors.ServerSchemaTooNew: _(
            "De database op de server hoort bij een nieuwere versie van Blijf Desktop. "
            "Installeer de nieuwste versie; er is niets gewijzigd."),
        service_errors.ServerSupportMissing: _(
            "Deze installatie van Blijf Desktop kan geen verbinding maken met een server. "
            "Vraag uw beheerder de servermodule te installeren."),
    }
    return messages.get(kind, messages[service_errors.ServerUnreachable])


_UNTRUSTED = {
    service_errors.ServerWithoutTls: lambda: _(
        "De server biedt geen versleutelde verbinding aan."),
    service_errors.ServerNotTrusted: lambda: _(
        "Het certificaat van de server is niet uitgegeven door de certificaatautoriteit van uw "
        "organisatie: het kan een andere server zijn dan u denkt."),
    service_errors.ServerNameMismatch: lambda: _(
        "Het certificaat van de server hoort bij een andere naam dan het serveradres dat is "
        "ingesteld: het kan een andere server zijn dan u denkt."),
}
