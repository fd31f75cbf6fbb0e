"""Editor de talleres: datos, asistencia, agenda y discusión, acuerdos y adjuntos."""
