set terminal pngcairo size 1760,610 noenhanced font ",9"
set output 'scenario-10.png'
set multiplot layout 2,4 title "10. The access log on: keep-alive hello world, httpd -a vs nginx access_log (combined format)\nmedian of the runs on each bar, whiskers from min to max, linear scales from 0" font ",11"
unset key
set style fill solid 0.85 border -1
set grid ytics
set xtics scale 0 nomirror
set ytics nomirror
set border 3
$p1 << EOD
0 "httpd" 105565 90671 129765 8073150 "105,565"
1 "httpd-log" 110597 103538 128175 11567072 "110,597"
2 "nginx" 106929 105889 109270 3835592 "106,929"
3 "nginx-log" 57575.7 51035.5 82708.8 9157864 "57,576"
4 "nginx-logbuf" 74958.4 68438.9 99158.9 2055316 "74,958"
EOD
set title "c=100, client http"
set ylabel "Requests/s"
set lmargin 11
set xrange [-0.6:4.6]
set yrange [0:155718]
set ytics ("0" 0, "50k" 50000, "100k" 100000, "150k" 150000)
plot $p1 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p1 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p1 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p1 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p1 using 1:5:7 with labels offset 0,0.8 font ',9'
$p2 << EOD
0 "httpd" 99025.2 79566.9 100536 8073150 "99,025"
1 "httpd-log" 97257.8 81505 98641.9 11567072 "97,258"
2 "nginx" 97727.3 97080 97909.6 3835592 "97,727"
3 "nginx-log" 80371.6 79420 88857.5 9157864 "80,372"
4 "nginx-logbuf" 97965.4 74437.4 98082.6 2055316 "97,965"
EOD
set title "c=100, client wrk"
unset ylabel
set lmargin 8
set xrange [-0.6:4.6]
set yrange [0:120643]
set ytics ("0" 0, "25k" 25000, "50k" 50000, "75k" 75000, "100k" 100000)
plot $p2 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p2 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p2 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p2 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p2 using 1:5:7 with labels offset 0,0.8 font ',9'
$p3 << EOD
0 "httpd" 112787 100913 113487 8073150 "112,787"
1 "httpd-log" 85449.9 82051.1 94309.4 11567072 "85,450"
2 "nginx" 96764.1 86253.4 101482 3835592 "96,764"
3 "nginx-log" 73342.4 58093.1 77875.7 9157864 "73,342"
4 "nginx-logbuf" 82381.9 79417 97831.2 2055316 "82,382"
EOD
set title "c=1000, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:4.6]
set yrange [0:136185]
set ytics ("0" 0, "50k" 50000, "100k" 100000)
plot $p3 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p3 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p3 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p3 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p3 using 1:5:7 with labels offset 0,0.8 font ',9'
$p4 << EOD
0 "httpd" 80674.1 72666.5 80776.6 8073150 "80,674"
1 "httpd-log" 86162.9 70851.8 94940.6 11567072 "86,163"
2 "nginx" 80793.2 77523.1 83277.2 3835592 "80,793"
3 "nginx-log" 69158.9 64467.3 80477.4 9157864 "69,159"
4 "nginx-logbuf" 81747.4 79118.4 91885.9 2055316 "81,747"
EOD
set title "c=1000, client wrk"
unset ylabel
set lmargin 8
set xrange [-0.6:4.6]
set yrange [0:113929]
set ytics ("0" 0, "25k" 25000, "50k" 50000, "75k" 75000, "100k" 100000)
plot $p4 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p4 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p4 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p4 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p4 using 1:5:7 with labels offset 0,0.8 font ',9'
$p5 << EOD
0 "httpd" 7.91841 7.64432 8.03184 8073150 "7.92"
1 "httpd-log" 7.99177 7.73828 9.46469 11567072 "7.99"
2 "nginx" 9.29408 9.1133 9.34737 3835592 "9.29"
3 "nginx-log" 12.2144 11.9427 17.2774 9157864 "12.2"
4 "nginx-logbuf" 10.3752 9.80044 11.7445 2055316 "10.4"
EOD
set title "c=100, client http"
set ylabel "Server CPU/request (us)"
set lmargin 11
set xrange [-0.6:4.6]
set yrange [0:20.7329]
set ytics ("0" 0, "5" 5, "10" 10, "15" 15, "20" 20)
plot $p5 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p5 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p5 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p5 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p5 using 1:5:7 with labels offset 0,0.8 font ',9'
$p6 << EOD
0 "httpd" 8.64745 8.33042 10.6905 8073150 "8.65"
1 "httpd-log" 8.83338 8.77321 10.6417 11567072 "8.83"
2 "nginx" 9.86323 9.77367 9.87812 3835592 "9.86"
3 "nginx-log" 12.2113 11.1758 12.531 9157864 "12.2"
4 "nginx-logbuf" 10.0296 9.98198 12.4366 2055316 "10.0"
EOD
set title "c=100, client wrk"
unset ylabel
set lmargin 8
set xrange [-0.6:4.6]
set yrange [0:15.0372]
set ytics ("0" 0, "5" 5, "10" 10, "15" 15)
plot $p6 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p6 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p6 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p6 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p6 using 1:5:7 with labels offset 0,0.8 font ',9'
$p7 << EOD
0 "httpd" 8.69502 8.59688 9.88635 8073150 "8.70"
1 "httpd-log" 10.0602 9.06462 10.2774 11567072 "10.1"
2 "nginx" 10.2909 9.89007 10.8021 3835592 "10.3"
3 "nginx-log" 13.7049 12.6789 17.3012 9157864 "13.7"
4 "nginx-logbuf" 12.1512 10.177 12.4878 2055316 "12.2"
EOD
set title "c=1000, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:4.6]
set yrange [0:20.7615]
set ytics ("0" 0, "5" 5, "10" 10, "15" 15, "20" 20)
plot $p7 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p7 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p7 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p7 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p7 using 1:5:7 with labels offset 0,0.8 font ',9'
$p8 << EOD
0 "httpd" 8.96155 8.85959 10.1411 8073150 "8.96"
1 "httpd-log" 8.99497 8.29528 10.1998 11567072 "8.99"
2 "nginx" 10.4018 9.80176 10.9992 3835592 "10.4"
3 "nginx-log" 14.1429 12.3057 14.721 9157864 "14.1"
4 "nginx-logbuf" 10.6482 10.0806 10.9043 2055316 "10.6"
EOD
set title "c=1000, client wrk"
unset ylabel
set lmargin 8
set xrange [-0.6:4.6]
set yrange [0:17.6652]
set ytics ("0" 0, "5" 5, "10" 10, "15" 15)
plot $p8 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p8 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p8 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p8 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p8 using 1:5:7 with labels offset 0,0.8 font ',9'
unset multiplot
